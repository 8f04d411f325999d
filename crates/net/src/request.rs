//! One HTTP request: typed options in, typed events out, abortable.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use bytes::Bytes;
use tokio::sync::mpsc;

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
    /// Header fields, repeated names joined with `", "`, in arrival order.
    pub headers: Vec<(String, String)>,
    /// Each `Set-Cookie` value.
    pub cookies: Vec<String>,
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
    pub fn from_response(resp: &reqwest::Response) -> Self {
        let (headers, cookies) = crate::headers::response_fields(resp.headers());
        ResponseHead {
            status: resp.status().as_u16(),
            headers,
            cookies,
        }
    }

    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
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
    pub(crate) events: mpsc::Receiver<Event>,
    pub(crate) abort: std::sync::Arc<tokio::sync::Notify>,
    pub(crate) aborted: AtomicBool,
}

impl RequestTask {
    pub(crate) fn new(
        events: mpsc::Receiver<Event>,
        abort: std::sync::Arc<tokio::sync::Notify>,
    ) -> Self {
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
