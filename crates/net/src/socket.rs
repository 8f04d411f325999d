//! WebSockets (SPEC §5): one client socket = one tokio task with typed events.
//!
//! A [`SocketHub`] belongs to one app (build it once from the app's
//! [`Client`]): it holds the one rustls `ClientConfig` every `wss` socket of the
//! app reuses and counts the app's sockets against `limits.maxSockets`, across
//! both dialects. [`SocketHub::connect`] checks everything it can before any I/O
//! (URL, domain policy, headers, sub-protocols, the socket limit) and fails
//! synchronously; then the connection runs on the current tokio runtime and
//! reports, in order:
//!
//! - [`SocketEvent::Open`] once the handshake succeeded, then any number of
//!   [`SocketEvent::Text`] / [`SocketEvent::Binary`];
//! - at most one [`SocketEvent::Error`], always right before the close;
//! - exactly one [`SocketEvent::Close`], always last, whatever happened
//!   (connect failure, timeout, server close, `close()`, protocol error).
//!
//! ```no_run
//! # async fn demo() -> Result<(), minihost_net::Error> {
//! use minihost_net::socket::{Message, SocketEvent, SocketHub, SocketOptions};
//! use minihost_net::{AppConfig, Client};
//! let hub = SocketHub::new(&Client::new(AppConfig::default())?)?;
//! let (socket, mut events) = hub.connect(SocketOptions::new("wss://ws.example.com/chat"))?;
//! while let Some(ev) = events.next().await {
//!     match ev {
//!         SocketEvent::Open { .. } => {
//!             socket.send(Message::Text("hello".into()))?;
//!         }
//!         SocketEvent::Text(t) => {
//!             println!("got {t}");
//!             socket.close(Some(1000), "bye")?;
//!         }
//!         SocketEvent::Close { code, reason } => println!("closed {code} {reason}"),
//!         _ => {}
//!     }
//! }
//! # Ok(()) }
//! ```
//!
//! Protocol notes: ping frames are answered automatically; an incoming message
//! (or frame) over `limits.maxSocketMessage` closes the socket with 1009 after
//! an error event; a protocol violation by the server closes with 1002 (1007
//! for invalid UTF-8 text). `perMessageDeflate` is accepted but not
//! negotiated: the client never offers `permessage-deflate`, so every message
//! travels uncompressed (tungstenite has no compression support).

use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use tokio::sync::{mpsc, oneshot, Notify};

use crate::client::Client;
use crate::config::{AppConfig, Dialect};
use crate::error::{Error, ErrorKind, Result};
use crate::policy::{Api, Target};

mod connect;
mod session;

/// How long a closing handshake may take before the connection is dropped.
pub const CLOSE_TIMEOUT: Duration = Duration::from_secs(5);
/// At most this many messages wait in a socket's send queue.
pub const MAX_QUEUED_MESSAGES: usize = 4096;
/// At most this many bytes wait in a socket's send queue (a single message
/// larger than this is still taken when the queue is empty).
pub const MAX_QUEUED_BYTES: usize = 64 * 1024 * 1024;
/// The longest close reason, in UTF-8 bytes (RFC 6455: 125 minus the code).
pub const MAX_CLOSE_REASON: usize = 123;
/// Events buffered between the connection task and the consumer before the
/// task stops reading from the network (backpressure).
const EVENT_BUFFER: usize = 64;

/// What the script asked for, already validated for types.
#[derive(Debug, Clone)]
pub struct SocketOptions {
    /// The URL as given (`wss://...`; `ws://` only in dev mode).
    pub url: String,
    /// Extra handshake headers, in order. `Referer` is replaced by the fixed
    /// one of the dialect; `Host`, `Connection`, `Upgrade`, the
    /// `Sec-WebSocket-*` handshake fields and the body framing fields are
    /// dropped. A `Sec-WebSocket-Protocol` header is merged into `protocols`.
    pub headers: Vec<(String, String)>,
    /// Sub-protocols offered in `Sec-WebSocket-Protocol`.
    pub protocols: Vec<String>,
    /// Connect timeout (TCP + TLS + handshake); `None`: the config's
    /// `networkTimeout.connectSocket`, else 60 s.
    pub timeout: Option<Duration>,
    /// Calling dialect (Referer, policy matching).
    pub dialect: Dialect,
    /// Disable Nagle's algorithm on the TCP connection.
    pub tcp_no_delay: bool,
    /// Accepted for compatibility; `permessage-deflate` is never negotiated.
    pub per_message_deflate: bool,
}

impl SocketOptions {
    /// `wx` options for `url` with defaults.
    pub fn new(url: &str) -> Self {
        SocketOptions {
            url: url.to_string(),
            headers: Vec::new(),
            protocols: Vec::new(),
            timeout: None,
            dialect: Dialect::Wx,
            tcp_no_delay: false,
            per_message_deflate: false,
        }
    }
}

/// A message to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    /// A text frame.
    Text(String),
    /// A binary frame.
    Binary(Bytes),
}

impl Message {
    fn len(&self) -> usize {
        match self {
            Message::Text(t) => t.len(),
            Message::Binary(b) => b.len(),
        }
    }
}

/// What a socket reports. See the module docs for the order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SocketEvent {
    /// The handshake succeeded.
    Open {
        /// The response headers of the upgrade (lower-case names, repeated
        /// fields joined with `", "`), in arrival order.
        headers: Vec<(String, String)>,
        /// The sub-protocol the server selected, if any.
        protocol: Option<String>,
    },
    /// A text message.
    Text(String),
    /// A binary message.
    Binary(Bytes),
    /// Something failed; a `Close` follows.
    Error(Error),
    /// The socket is closed; nothing follows.
    Close {
        /// The close code (the peer's, the one sent by `close()`, 1005 when the
        /// peer's close frame had none, 1006 when the connection was lost or
        /// never opened).
        code: u16,
        /// The close reason.
        reason: String,
    },
}

/// `readyState` of a socket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum ReadyState {
    /// 0: the handshake is running.
    Connecting = 0,
    /// 1: open.
    Open = 1,
    /// 2: a closing handshake is running.
    Closing = 2,
    /// 3: closed.
    Closed = 3,
}

impl ReadyState {
    fn from_u8(v: u8) -> Self {
        match v {
            0 => ReadyState::Connecting,
            1 => ReadyState::Open,
            2 => ReadyState::Closing,
            _ => ReadyState::Closed,
        }
    }
}

/// The app's WebSocket factory: shared TLS config and the socket limit.
/// Cheap to clone; every clone counts against the same limit.
#[derive(Clone, Debug)]
pub struct SocketHub {
    inner: Arc<HubInner>,
}

#[derive(Debug)]
struct HubInner {
    client: Client,
    tls: Arc<rustls::ClientConfig>,
    live: Arc<AtomicUsize>,
    next_id: std::sync::atomic::AtomicU64,
}

impl SocketHub {
    /// Builds the hub of the app `client` belongs to (one per app: the
    /// socket limit counts per hub). Its TLS config is derived once from the
    /// client's.
    pub fn new(client: &Client) -> Result<Self> {
        crate::install_crypto_provider();
        let tls = connect::tls_config(client);
        Ok(SocketHub {
            inner: Arc::new(HubInner {
                client: client.clone(),
                tls,
                live: Arc::new(AtomicUsize::new(0)),
                next_id: std::sync::atomic::AtomicU64::new(1),
            }),
        })
    }

    /// The app's configuration.
    pub fn config(&self) -> &AppConfig {
        self.inner.client.config()
    }

    /// Sockets currently counted against the limit (connecting, open or closing).
    pub fn live(&self) -> usize {
        self.inner.live.load(Ordering::SeqCst)
    }

    /// Starts a socket on the current tokio runtime. Fails at once (no I/O, no
    /// events) on an empty or malformed URL, a scheme or host the policy
    /// refuses, a bad header or sub-protocol, or when the app already has
    /// `maxSockets` sockets ([`ErrorKind::TooManySockets`], detail = the limit).
    pub fn connect(&self, opts: SocketOptions) -> Result<(SocketHandle, SocketEvents)> {
        let runtime = tokio::runtime::Handle::try_current()
            .map_err(|_| Error::new(ErrorKind::Network, "no async runtime to run the socket on"))?;
        let (handle, events, driver) = self.connect_driven(opts)?;
        runtime.spawn(driver);
        Ok((handle, events))
    }

    /// [`SocketHub::connect`], except that the caller runs the socket: the
    /// returned [`SocketDriver`] does the connect, the frames both ways and
    /// the close, and must be polled (on a tokio runtime: it uses tokio I/O
    /// and timers) until it ends. Polling it in the same task as the events
    /// reader saves a task switch per message each way.
    pub fn connect_driven(
        &self,
        opts: SocketOptions,
    ) -> Result<(SocketHandle, SocketEvents, SocketDriver)> {
        let prepared = self.prepare(&opts)?;
        let slot = self.acquire()?;
        let id = self.inner.next_id.fetch_add(1, Ordering::Relaxed);
        let shared = Arc::new(Shared {
            state: AtomicU8::new(ReadyState::Connecting as u8),
            queued_msgs: AtomicUsize::new(0),
            queued_bytes: AtomicUsize::new(0),
            room: Notify::new(),
        });
        let (cmd_tx, cmd_rx) = mpsc::unbounded_channel();
        let (ev_tx, ev_rx) = mpsc::channel(EVENT_BUFFER);
        let timeout = opts
            .timeout
            .unwrap_or_else(|| self.config().default_timeout(Api::Socket, opts.dialect));
        let job = session::Session {
            client: self.inner.client.clone(),
            tls: self.inner.tls.clone(),
            prepared,
            timeout,
            tcp_no_delay: opts.tcp_no_delay,
            max_message: self.config().limits.max_socket_message.max(1),
            shared: shared.clone(),
            cmds: cmd_rx,
            events: ev_tx,
            slot: Some(slot),
        };
        Ok((
            SocketHandle {
                id,
                shared,
                cmds: cmd_tx,
            },
            SocketEvents { rx: ev_rx },
            SocketDriver(Box::pin(job.run())),
        ))
    }

    /// Validates `opts` and builds the handshake request (no I/O).
    fn prepare(&self, opts: &SocketOptions) -> Result<connect::Prepared> {
        if opts.url.trim().is_empty() {
            return Err(Error::new(ErrorKind::EmptyUrl, opts.url.clone()));
        }
        let target: Target =
            self.inner
                .client
                .policy()
                .check(Api::Socket, opts.dialect, &opts.url)?;
        connect::prepare(self.config(), opts, target)
    }

    fn acquire(&self) -> Result<Slot> {
        let max = self.config().limits.max_sockets;
        let live = &self.inner.live;
        live.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| {
            (n < max).then_some(n + 1)
        })
        .map_err(|_| Error::new(ErrorKind::TooManySockets, max.to_string()))?;
        Ok(Slot(live.clone()))
    }
}

/// One counted place under `maxSockets`; freed on drop.
#[derive(Debug)]
struct Slot(Arc<AtomicUsize>);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// State shared by a socket's handles and its task.
#[derive(Debug)]
struct Shared {
    state: AtomicU8,
    queued_msgs: AtomicUsize,
    queued_bytes: AtomicUsize,
    /// Signalled whenever the send queue shrinks or the socket stops.
    room: Notify,
}

impl Shared {
    fn state(&self) -> ReadyState {
        ReadyState::from_u8(self.state.load(Ordering::SeqCst))
    }

    fn set_state(&self, s: ReadyState) {
        self.state.store(s as u8, Ordering::SeqCst);
        if s == ReadyState::Closed {
            self.room.notify_waiters();
        }
    }

    fn dequeued(&self, len: usize) {
        self.queued_msgs.fetch_sub(1, Ordering::SeqCst);
        self.queued_bytes.fetch_sub(len, Ordering::SeqCst);
        self.room.notify_waiters();
    }
}

/// A command from a handle to the connection task.
#[derive(Debug)]
enum Command {
    Send(Message, oneshot::Sender<Result<()>>),
    Close(u16, String),
}

/// Controls one socket: send, close, `readyState`. Cheap to clone. Dropping
/// every handle closes the socket with 1001 (going away).
#[derive(Debug, Clone)]
pub struct SocketHandle {
    id: u64,
    shared: Arc<Shared>,
    cmds: mpsc::UnboundedSender<Command>,
}

/// The work of one socket (see [`SocketHub::connect_driven`]): a future that
/// ends after the socket's `Close` event was sent.
#[must_use = "the socket does nothing unless its driver is polled"]
pub struct SocketDriver(std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send>>);

impl std::future::Future for SocketDriver {
    type Output = ();

    fn poll(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<()> {
        self.0.as_mut().poll(cx)
    }
}

impl std::fmt::Debug for SocketDriver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SocketDriver")
    }
}

/// The outcome of one queued send: resolves once the frame was written.
#[derive(Debug)]
pub struct SendReceipt {
    rx: oneshot::Receiver<Result<()>>,
}

impl SendReceipt {
    /// Waits until the frame is written and flushed (`Ok`), or failed
    /// ([`ErrorKind::SendFailed`]; [`ErrorKind::NotConnected`] if the socket
    /// closed before the frame's turn came).
    pub async fn written(self) -> Result<()> {
        self.rx
            .await
            .unwrap_or_else(|_| Err(Error::new(ErrorKind::NotConnected, "socket closed")))
    }
}

impl SocketHandle {
    /// A number unique within the hub (the `socketTaskID` of the `my` dialect).
    pub fn id(&self) -> u64 {
        self.id
    }

    /// The socket's `readyState` now.
    pub fn ready_state(&self) -> ReadyState {
        self.shared.state()
    }

    /// Queues `msg` behind earlier sends, in call order, without waiting.
    /// Fails [`ErrorKind::NotConnected`] unless the socket is open, and
    /// [`ErrorKind::SendFailed`] when the send queue is full
    /// ([`MAX_QUEUED_MESSAGES`] / [`MAX_QUEUED_BYTES`]). The receipt tells
    /// when the frame was written.
    pub fn send(&self, msg: Message) -> Result<SendReceipt> {
        if self.shared.state() != ReadyState::Open {
            return Err(Error::new(
                ErrorKind::NotConnected,
                "WebSocket is not connected",
            ));
        }
        let len = msg.len();
        let msgs = self.shared.queued_msgs.load(Ordering::SeqCst);
        let bytes = self.shared.queued_bytes.load(Ordering::SeqCst);
        if msgs >= MAX_QUEUED_MESSAGES || (msgs > 0 && bytes.saturating_add(len) > MAX_QUEUED_BYTES)
        {
            return Err(Error::new(ErrorKind::SendFailed, "send queue full"));
        }
        let (tx, rx) = oneshot::channel();
        self.shared.queued_msgs.fetch_add(1, Ordering::SeqCst);
        self.shared.queued_bytes.fetch_add(len, Ordering::SeqCst);
        if self.cmds.send(Command::Send(msg, tx)).is_err() {
            self.shared.dequeued(len);
            return Err(Error::new(
                ErrorKind::NotConnected,
                "WebSocket is not connected",
            ));
        }
        Ok(SendReceipt { rx })
    }

    /// Sends `msg` with backpressure: waits for room in the queue, then until
    /// the frame is written.
    pub async fn send_wait(&self, msg: Message) -> Result<()> {
        loop {
            let room = self.shared.room.notified();
            tokio::pin!(room);
            room.as_mut().enable();
            match self.send(msg.clone()) {
                Ok(receipt) => return receipt.written().await,
                Err(e) if e.kind == ErrorKind::SendFailed => room.await,
                Err(e) => return Err(e),
            }
        }
    }

    /// Starts closing with `code` (default 1000) and `reason`. The code must be
    /// 1000 or 3000–4999 and the reason at most 123 UTF-8 bytes, else
    /// [`ErrorKind::Param`]. Closing a socket that is connecting abandons the
    /// handshake (the `Close` event carries `code`); closing one that is
    /// already closing or closed does nothing.
    pub fn close(&self, code: Option<u16>, reason: &str) -> Result<()> {
        let code = validate_close(code, reason)?;
        self.start_close(code, reason);
        Ok(())
    }

    /// Closes with 1001 (going away) without validation: for the host at
    /// shutdown or when its time limit is hit. Like [`SocketHandle::close`],
    /// only the first close counts.
    pub fn shutdown(&self) {
        self.start_close(1001, "going away");
    }

    /// Only the first close of a connecting or open socket counts; from here
    /// on `readyState` is CLOSING and sends fail.
    fn start_close(&self, code: u16, reason: &str) {
        let started = [ReadyState::Connecting, ReadyState::Open]
            .iter()
            .any(|from| {
                self.shared
                    .state
                    .compare_exchange(
                        *from as u8,
                        ReadyState::Closing as u8,
                        Ordering::SeqCst,
                        Ordering::SeqCst,
                    )
                    .is_ok()
            });
        if started {
            // The task may just have ended: then there is nothing left to close.
            let _ = self.cmds.send(Command::Close(code, reason.to_string()));
        }
    }
}

/// Checks a close code and reason (SPEC §5); returns the code to send.
pub fn validate_close(code: Option<u16>, reason: &str) -> Result<u16> {
    let code = code.unwrap_or(1000);
    if code != 1000 && !(3000..=4999).contains(&code) {
        return Err(Error::param(format!(
            "parameter.code should be 1000 or between 3000 and 4999 instead of {code};"
        )));
    }
    if reason.len() > MAX_CLOSE_REASON {
        return Err(Error::param(format!(
            "parameter.reason should be at most {MAX_CLOSE_REASON} UTF-8 bytes instead of {};",
            reason.len()
        )));
    }
    Ok(code)
}

/// The event stream of one socket.
#[derive(Debug)]
pub struct SocketEvents {
    rx: mpsc::Receiver<SocketEvent>,
}

impl SocketEvents {
    /// The next event; `None` after [`SocketEvent::Close`].
    pub async fn next(&mut self) -> Option<SocketEvent> {
        self.rx.recv().await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_codes() {
        assert_eq!(validate_close(None, "").unwrap(), 1000);
        assert_eq!(validate_close(Some(1000), "x").unwrap(), 1000);
        assert_eq!(validate_close(Some(3000), "").unwrap(), 3000);
        assert_eq!(validate_close(Some(4999), "").unwrap(), 4999);
        for bad in [0, 999, 1001, 1005, 1006, 1009, 2999, 5000, 65535] {
            assert_eq!(
                validate_close(Some(bad), "").unwrap_err().kind,
                ErrorKind::Param,
                "{bad}"
            );
        }
        assert!(validate_close(Some(1000), &"a".repeat(123)).is_ok());
        assert!(validate_close(Some(1000), &"a".repeat(124)).is_err());
        // 41 three-byte characters = 123 bytes; 42 = 126.
        assert!(validate_close(Some(1000), &"é".repeat(61)).is_ok());
        assert!(validate_close(Some(1000), &"中".repeat(41)).is_ok());
        assert!(validate_close(Some(1000), &"中".repeat(42)).is_err());
    }

    #[test]
    fn ready_state_values() {
        for s in [
            ReadyState::Connecting,
            ReadyState::Open,
            ReadyState::Closing,
            ReadyState::Closed,
        ] {
            assert_eq!(ReadyState::from_u8(s as u8), s);
        }
    }
}
