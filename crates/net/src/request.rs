//! One HTTP request: typed options in, typed events out, abortable.

use std::borrow::Cow;
use std::collections::VecDeque;
use std::future::poll_fn;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Poll, Waker};
use std::time::Duration;

use bytes::Bytes;
use http::header::HeaderMap;

use crate::config::Dialect;
use crate::error::Error;
use crate::policy::Api;

/// The request body as the script gave it (SPEC §2, data encoding).
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Data {
    /// No `data`.
    #[default]
    None,
    /// A string: appended to the query (GET/HEAD) or sent as is.
    Text(String),
    /// An `ArrayBuffer` / typed array: sent as raw bytes.
    Binary(Bytes),
    /// Any other JS value, as `JSON.stringify` wrote it. Objects become a query
    /// string (GET/HEAD, urlencoded) or are sent as this JSON.
    Json(String),
}

/// Redirect handling.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Redirect {
    /// Follow up to 10 hops, each checked against the policy.
    #[default]
    Follow,
    /// Hand the 3xx to the script.
    Manual,
}

/// What the script asked for, already validated for types.
#[derive(Debug, Clone)]
pub struct RequestOptions {
    /// The URL as given.
    pub url: String,
    /// The method, upper-case. Any HTTP token is sent as is (the JS layer
    /// checks the dialect's method list); an invalid token is a
    /// [`crate::ErrorKind::Param`] failure.
    pub method: String,
    /// Headers in the order given (names as given).
    pub headers: Vec<(String, String)>,
    /// The body / query data.
    pub data: Data,
    /// `None`: the config's default for `api` and `dialect`. A total deadline
    /// from the moment the request gets its slot to the end of the body (a
    /// zero duration times out at once: map `0` to `None` at the JS edge if
    /// the platform treats it as "default").
    pub timeout: Option<Duration>,
    /// Redirect mode.
    pub redirect: Redirect,
    /// Calling dialect (Referer, cookie jar, policy matching, defaults).
    pub dialect: Dialect,
    /// Which domain list applies (`Request` for `request`).
    pub api: Api,
    /// `enableChunked`: don't buffer the body; `Done` carries an empty body.
    pub streaming: bool,
    /// `enableHttp2`: offer `h2` by ALPN (the server picks). Default false:
    /// HTTP/1.1 only, as WeChat does.
    pub http2: bool,
}

impl RequestOptions {
    /// A `wx` GET of `url` with defaults.
    pub fn get(url: &str) -> Self {
        RequestOptions {
            url: url.to_string(),
            method: "GET".into(),
            headers: Vec::new(),
            data: Data::None,
            timeout: None,
            redirect: Redirect::Follow,
            dialect: Dialect::Wx,
            api: Api::Request,
            streaming: false,
            http2: false,
        }
    }
}

/// Status and headers of a response.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResponseHead {
    /// HTTP status code.
    pub status: u16,
    /// The header fields as received (names lower-case, as the HTTP stack
    /// delivers them). [`ResponseHead::headers`] gives them as text.
    pub fields: HeaderMap,
}

/// What a request reports, in order: `Headers`, zero or more `Chunk`s, then
/// exactly one of `Done` / `Failed`.
#[derive(Debug)]
pub enum Event {
    /// The response head arrived (after redirects).
    Headers(ResponseHead),
    /// A piece of the decoded body, as read off the wire (never empty).
    Chunk(Bytes),
    /// The body ended. `body` is the whole body, or empty in streaming mode.
    Done {
        /// The buffered body.
        body: Bytes,
    },
    /// The request failed (also on abort: [`crate::ErrorKind::Aborted`]).
    Failed(Error),
}

impl ResponseHead {
    /// The head of `resp`: status, fields in arrival order (repeated names
    /// joined with `", "`) and every `Set-Cookie` value.
    pub fn from_response(resp: &crate::wire::Response) -> Self {
        ResponseHead {
            status: resp.status().as_u16(),
            fields: resp.headers().clone(),
        }
    }

    /// The fields as text, in arrival order (by first occurrence), repeated
    /// names joined with `", "`, each value read by
    /// [`crate::headers::value_cow`]. Borrows the text whenever a name occurs
    /// once with a UTF-8 value.
    pub fn headers(&self) -> impl Iterator<Item = (&str, Cow<'_, str>)> {
        // `HeaderMap::iter` yields a name's values one after the other, with
        // the same `&HeaderName`: group them without looking names up.
        let mut it = self.fields.iter().peekable();
        std::iter::from_fn(move || {
            let (name, first) = it.next()?;
            let mut text = crate::headers::value_cow(first);
            while let Some((_, v)) = it.next_if(|(n, _)| std::ptr::eq(*n, name)) {
                let t = text.to_mut();
                t.push_str(", ");
                t.push_str(&crate::headers::value_cow(v));
            }
            Some((name.as_str(), text))
        })
    }

    /// Each `Set-Cookie` value, in order.
    pub fn cookies(&self) -> impl Iterator<Item = Cow<'_, str>> {
        self.fields
            .get_all(http::header::SET_COOKIE)
            .iter()
            .map(crate::headers::value_cow)
    }

    /// The value of header `name` (case-insensitive), repeated fields joined
    /// with `", "`, as [`ResponseHead::headers`] gives it.
    pub fn header(&self, name: &str) -> Option<Cow<'_, str>> {
        self.headers()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    }
}

impl Event {
    /// True for `Done` and `Failed`.
    pub fn is_terminal(&self) -> bool {
        matches!(self, Event::Done { .. } | Event::Failed(_))
    }
}

/// A running request. Dropping it cancels it (the connection is dropped and no
/// event is sent any more); [`RequestTask::abort`] cancels it with a
/// `Failed(Aborted)` terminal event.
#[derive(Debug)]
pub struct RequestTask {
    pub(crate) events: EventReceiver,
    pub(crate) abort: std::sync::Arc<tokio::sync::Notify>,
    pub(crate) aborted: AtomicBool,
}

impl RequestTask {
    pub(crate) fn new(events: EventReceiver, abort: std::sync::Arc<tokio::sync::Notify>) -> Self {
        RequestTask {
            events,
            abort,
            aborted: AtomicBool::new(false),
        }
    }

    /// The next event; `None` after the terminal event.
    ///
    /// After [`RequestTask::abort`], `Headers` and `Chunk` events still queued
    /// are skipped: the next event is the terminal one (`Failed(Aborted)`, or
    /// `Done` / `Failed` if the request had already ended before the abort).
    pub async fn next(&mut self) -> Option<Event> {
        loop {
            let ev = self.events.recv().await?;
            if ev.is_terminal() || !self.aborted.load(Ordering::Relaxed) {
                return Some(ev);
            }
        }
    }

    /// Cancels the request at once: the connection is dropped and, if the
    /// request has not ended, its terminal event is `Failed(Aborted)`. After the
    /// end it does nothing.
    pub fn abort(&self) {
        self.aborted.store(true, Ordering::Relaxed);
        self.abort.notify_one();
    }

    /// True once [`RequestTask::abort`] was called.
    pub fn is_aborted(&self) -> bool {
        self.aborted.load(Ordering::Relaxed)
    }
}

// ---------------------------------------------------------------------------
// The event queue of one request.
//
// A bounded single-producer, single-consumer queue: a request reports at most
// a handful of events, so a mutex-guarded `VecDeque` (no allocation until the
// first event) is much cheaper per request than a general channel, whose
// set-up allocates a block of slots. Semantics as tokio's bounded `mpsc`:
// `send` waits while the queue is full and fails once the receiver is gone;
// `recv` yields the queued events, then `None` once the sender is gone;
// `closed` resolves when the receiver is gone.

#[derive(Debug, Default)]
struct QueueState {
    items: VecDeque<Event>,
    /// The receiver waits for an event.
    rx: Option<Waker>,
    /// The sender waits for room.
    room: Option<Waker>,
    /// The sender waits in `closed`.
    closed: Option<Waker>,
    rx_gone: bool,
    tx_gone: bool,
}

#[derive(Debug, Default)]
struct Queue {
    state: Mutex<QueueState>,
}

impl Queue {
    fn lock(&self) -> MutexGuard<'_, QueueState> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }
}

fn register(slot: &mut Option<Waker>, w: &Waker) {
    match slot {
        Some(old) if old.will_wake(w) => {}
        _ => *slot = Some(w.clone()),
    }
}

/// The receiver is gone.
#[derive(Debug)]
pub(crate) struct Closed;

/// The sending half of a request's event queue.
#[derive(Debug)]
pub(crate) struct EventSender {
    q: Arc<Queue>,
    cap: usize,
}

/// The receiving half of a request's event queue.
#[derive(Debug)]
pub(crate) struct EventReceiver {
    q: Arc<Queue>,
}

/// A queue holding at most `cap` (at least 1) events.
pub(crate) fn event_queue(cap: usize) -> (EventSender, EventReceiver) {
    let q = Arc::new(Queue::default());
    (
        EventSender {
            q: q.clone(),
            cap: cap.max(1),
        },
        EventReceiver { q },
    )
}

impl EventSender {
    /// Queues `ev`, waiting for room; fails once the receiver is gone.
    pub(crate) async fn send(&self, ev: Event) -> Result<(), Closed> {
        let mut ev = Some(ev);
        poll_fn(|cx| {
            let mut s = self.q.lock();
            if s.rx_gone {
                return Poll::Ready(Err(Closed));
            }
            if s.items.len() >= self.cap {
                register(&mut s.room, cx.waker());
                return Poll::Pending;
            }
            if let Some(ev) = ev.take() {
                s.items.push_back(ev);
            }
            let rx = s.rx.take();
            drop(s);
            if let Some(w) = rx {
                w.wake();
            }
            Poll::Ready(Ok(()))
        })
        .await
    }

    /// Queues `ev` if there is room and a receiver.
    pub(crate) fn try_send(&self, ev: Event) -> bool {
        let mut s = self.q.lock();
        if s.rx_gone || s.items.len() >= self.cap {
            return false;
        }
        s.items.push_back(ev);
        let rx = s.rx.take();
        drop(s);
        if let Some(w) = rx {
            w.wake();
        }
        true
    }

    /// Resolves once the receiver is gone.
    pub(crate) async fn closed(&self) {
        poll_fn(|cx| {
            let mut s = self.q.lock();
            if s.rx_gone {
                return Poll::Ready(());
            }
            register(&mut s.closed, cx.waker());
            Poll::Pending
        })
        .await
    }
}

impl Drop for EventSender {
    fn drop(&mut self) {
        let mut s = self.q.lock();
        s.tx_gone = true;
        let rx = s.rx.take();
        drop(s);
        if let Some(w) = rx {
            w.wake();
        }
    }
}

impl EventReceiver {
    /// The next event; `None` once the queue is empty and the sender gone.
    pub(crate) async fn recv(&mut self) -> Option<Event> {
        poll_fn(|cx| {
            let mut s = self.q.lock();
            if let Some(ev) = s.items.pop_front() {
                let room = s.room.take();
                drop(s);
                if let Some(w) = room {
                    w.wake();
                }
                return Poll::Ready(Some(ev));
            }
            if s.tx_gone {
                return Poll::Ready(None);
            }
            register(&mut s.rx, cx.waker());
            Poll::Pending
        })
        .await
    }
}

impl Drop for EventReceiver {
    fn drop(&mut self) {
        let mut s = self.q.lock();
        s.rx_gone = true;
        let items = std::mem::take(&mut s.items);
        let room = s.room.take();
        let closed = s.closed.take();
        drop(s);
        drop(items);
        for w in [room, closed].into_iter().flatten() {
            w.wake();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunk(n: u8) -> Event {
        Event::Chunk(Bytes::from(vec![n]))
    }

    fn byte(ev: Option<Event>) -> u8 {
        match ev {
            Some(Event::Chunk(b)) => b[0],
            other => panic!("unexpected {other:?}"),
        }
    }

    #[tokio::test]
    async fn queue_is_bounded_ordered_and_reports_both_ends_gone() {
        let (tx, mut rx) = event_queue(2);
        tx.send(chunk(1)).await.unwrap();
        tx.send(chunk(2)).await.unwrap();
        assert!(!tx.try_send(chunk(9)), "full");
        // A third send waits until the receiver makes room.
        let sender = tokio::spawn(async move {
            tx.send(chunk(3)).await.unwrap();
            tx
        });
        assert_eq!(byte(rx.recv().await), 1);
        let tx = tokio::time::timeout(Duration::from_secs(10), sender)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(byte(rx.recv().await), 2);
        assert_eq!(byte(rx.recv().await), 3);
        // Sender gone: what is queued, then None.
        tx.send(chunk(4)).await.unwrap();
        drop(tx);
        assert_eq!(byte(rx.recv().await), 4);
        assert!(rx.recv().await.is_none());
        // Receiver gone: closed() resolves, send fails.
        let (tx, rx) = event_queue(1);
        let waiter = tokio::spawn(async move {
            tx.closed().await;
            tx.send(chunk(5)).await.is_err()
        });
        drop(rx);
        let failed = tokio::time::timeout(Duration::from_secs(10), waiter)
            .await
            .unwrap()
            .unwrap();
        assert!(failed);
    }
}
