//! The task that runs one socket from connect to the final `Close` event.

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use tokio::io::AsyncReadExt;
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::{
    self,
    error::{CapacityError, ProtocolError},
    protocol::{frame::coding::CloseCode, CloseFrame},
};

use super::connect::{self, Prepared, Ws};
use super::{Command, Message, ReadyState, Shared, Slot, SocketEvent, CLOSE_TIMEOUT};
use crate::client::Client;
use crate::error::{Error, ErrorKind};

/// Scheduling rounds [`Run::settle`] waits at most (the later ones sleep 1 ms).
const SETTLE_ROUNDS: usize = 64;

/// Everything a socket task owns.
pub(super) struct Session {
    pub client: Client,
    pub tls: Arc<rustls::ClientConfig>,
    pub prepared: Prepared,
    pub timeout: Duration,
    pub tcp_no_delay: bool,
    pub max_message: usize,
    pub shared: Arc<Shared>,
    pub cmds: mpsc::UnboundedReceiver<Command>,
    pub events: mpsc::Sender<SocketEvent>,
    pub slot: Option<Slot>,
}

/// How the open phase ended.
struct Ending {
    /// The error to report before the close, if any.
    error: Option<Error>,
    /// The code and reason of the `Close` event.
    code: u16,
    reason: String,
}

impl Ending {
    fn clean(code: u16, reason: impl Into<String>) -> Self {
        Ending {
            error: None,
            code,
            reason: reason.into(),
        }
    }

    fn failed(error: Error, code: u16, reason: impl Into<String>) -> Self {
        Ending {
            error: Some(error),
            code,
            reason: reason.into(),
        }
    }
}

impl Session {
    /// Runs the socket; always ends with exactly one `Close` event.
    pub async fn run(self) {
        let Session {
            client,
            tls,
            prepared,
            timeout,
            tcp_no_delay,
            max_message,
            shared,
            mut cmds,
            events,
            slot,
        } = self;
        let mut run = Run {
            shared,
            events,
            slot,
        };

        let connecting = tokio::time::timeout(
            timeout,
            connect::open(&client, tls, prepared, tcp_no_delay, max_message),
        );
        tokio::pin!(connecting);
        let opened = loop {
            tokio::select! {
                r = &mut connecting => break r,
                cmd = cmds.recv() => match cmd {
                    Some(Command::Close(code, reason)) => {
                        // Abandon the handshake; the close carries the caller's code.
                        run.finish(&mut cmds, Ending::clean(code, reason)).await;
                        return;
                    }
                    Some(Command::Send(msg, reply)) => {
                        run.shared.dequeued(msg.len());
                        let _ = reply.send(Err(not_connected()));
                    }
                    None => {
                        run.finish(&mut cmds, Ending::clean(1001, "going away")).await;
                        return;
                    }
                },
            }
        };
        let closing = run.shared.state() == ReadyState::Closing;
        let (ws, response) = match opened {
            // close() raced a failing handshake: report the close asked for.
            Err(_) | Ok(Err(_)) if closing => {
                let (code, reason) = pending_close(&mut cmds, &run.shared);
                run.finish(&mut cmds, Ending::clean(code, reason)).await;
                return;
            }
            Err(_) => {
                let e = Error::new(ErrorKind::Timeout, "connect timeout");
                run.finish(&mut cmds, Ending::failed(e, 1006, "")).await;
                return;
            }
            Ok(Err(e)) => {
                run.finish(&mut cmds, Ending::failed(e, 1006, "")).await;
                return;
            }
            Ok(Ok(x)) => x,
        };

        // A close() that raced the handshake: close at once without an open.
        if run
            .shared
            .state
            .compare_exchange(
                ReadyState::Connecting as u8,
                ReadyState::Open as u8,
                Ordering::SeqCst,
                Ordering::SeqCst,
            )
            .is_err()
        {
            let (code, reason) = pending_close(&mut cmds, &run.shared);
            let mut ws = ws;
            close_quietly(&mut ws, code, &reason).await;
            run.finish(&mut cmds, Ending::clean(code, reason)).await;
            return;
        }
        let mut headers: Vec<(String, String)> = Vec::new();
        for (name, value) in response.headers() {
            let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
            match headers.iter_mut().find(|(n, _)| n == name.as_str()) {
                Some((_, v)) => {
                    v.push_str(", ");
                    v.push_str(&value);
                }
                None => headers.push((name.as_str().to_string(), value)),
            }
        }
        let protocol = response
            .headers()
            .get(http::header::SEC_WEBSOCKET_PROTOCOL)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let ending = if run.emit(SocketEvent::Open { headers, protocol }).await {
            run.serve(ws, &mut cmds).await
        } else {
            let mut ws = ws;
            close_quietly(&mut ws, 1001, "going away").await;
            Ending::clean(1001, "going away")
        };
        run.finish(&mut cmds, ending).await;
    }
}

/// The part of a session that outlives the connect phase.
struct Run {
    shared: Arc<Shared>,
    events: mpsc::Sender<SocketEvent>,
    slot: Option<Slot>,
}

impl Run {
    /// Delivers an event; false when nobody listens any more.
    async fn emit(&self, ev: SocketEvent) -> bool {
        self.events.send(ev).await.is_ok()
    }

    /// The open phase: messages in, commands out, until a close or failure.
    /// A message is read only once the consumer has room for its event, and
    /// commands are served meanwhile, so a slow consumer slows the reading
    /// (TCP backpressure) without blocking sends or `close()`.
    async fn serve(&self, mut ws: Ws, cmds: &mut mpsc::UnboundedReceiver<Command>) -> Ending {
        loop {
            let permit = tokio::select! {
                p = self.events.reserve() => match p {
                    Ok(p) => p,
                    Err(_) => return self.abandon(&mut ws).await,
                },
                cmd = cmds.recv() => match self.command(&mut ws, cmd).await {
                    Some(end) => return end,
                    None => continue,
                },
            };
            tokio::select! {
                msg = ws.next() => match msg {
                    Some(Ok(tungstenite::Message::Text(t))) => {
                        permit.send(SocketEvent::Text(t.as_str().to_string()));
                    }
                    Some(Ok(tungstenite::Message::Binary(b))) => {
                        permit.send(SocketEvent::Binary(b));
                    }
                    Some(Ok(tungstenite::Message::Close(frame))) => {
                        // The peer closes: tungstenite queued the echo; flush it
                        // and wait for the server to end the TCP connection.
                        self.shared.set_state(ReadyState::Closing);
                        let (code, reason) = match frame {
                            Some(f) => (u16::from(f.code), f.reason.as_str().to_string()),
                            None => (1005, String::new()),
                        };
                        drop(permit);
                        drain(&mut ws, None).await;
                        return Ending::clean(code, reason);
                    }
                    Some(Ok(_)) => {} // ping (answered on the next read), pong, raw frame
                    Some(Err(e)) => return self.fail(&mut ws, cmds, e).await,
                    None => {
                        let e = Error::new(ErrorKind::Network, "connection closed abnormally");
                        return Ending::failed(e, 1006, "");
                    }
                },
                cmd = cmds.recv() => {
                    drop(permit);
                    if let Some(end) = self.command(&mut ws, cmd).await {
                        return end;
                    }
                }
            }
        }
    }

    /// Serves one command; `Some` when the socket is done.
    async fn command(&self, ws: &mut Ws, cmd: Option<Command>) -> Option<Ending> {
        match cmd {
            Some(Command::Send(msg, reply)) => {
                self.shared.dequeued(msg.len());
                match ws.send(to_frame(msg)).await {
                    Ok(()) => {
                        let _ = reply.send(Ok(()));
                        None
                    }
                    Err(e) => {
                        let _ = reply.send(Err(Error::new(ErrorKind::SendFailed, e.to_string())));
                        let e = Error::new(ErrorKind::Network, format!("connection lost: {e}"));
                        Some(Ending::failed(e, 1006, ""))
                    }
                }
            }
            Some(Command::Close(code, reason)) => {
                self.shared.set_state(ReadyState::Closing);
                let frame = CloseFrame {
                    code: CloseCode::from(code),
                    reason: reason.clone().into(),
                };
                if ws
                    .send(tungstenite::Message::Close(Some(frame)))
                    .await
                    .is_err()
                {
                    return Some(Ending::clean(code, reason));
                }
                Some(match drain(ws, Some(&self.events)).await {
                    Some((c, r)) => Ending::clean(c, r),
                    None => Ending::clean(code, reason),
                })
            }
            None => Some(self.abandon(ws).await),
        }
    }

    /// Nobody can use the socket any more: close it with 1001.
    async fn abandon(&self, ws: &mut Ws) -> Ending {
        self.shared.set_state(ReadyState::Closing);
        close_quietly(ws, 1001, "going away").await;
        Ending::clean(1001, "going away")
    }

    /// A read failed: report it, and close with the matching code when the
    /// connection can still carry a close frame.
    async fn fail(
        &self,
        ws: &mut Ws,
        cmds: &mut mpsc::UnboundedReceiver<Command>,
        e: tungstenite::Error,
    ) -> Ending {
        use tungstenite::Error as W;
        let (code, reason, detail) = match &e {
            W::Capacity(CapacityError::MessageTooLong { size, max_size }) => (
                1009,
                "message too big",
                format!("message of {size} bytes exceeds the limit of {max_size} bytes"),
            ),
            W::Capacity(c) => (1009, "message too big", c.to_string()),
            W::Utf8(_) => (
                1007,
                "invalid UTF-8",
                "invalid UTF-8 in a text message".to_string(),
            ),
            W::Protocol(ProtocolError::ResetWithoutClosingHandshake) => {
                (1006, "", "connection closed abnormally".to_string())
            }
            W::Protocol(p) => (1002, "protocol error", format!("protocol error: {p}")),
            W::Io(io) => (1006, "", format!("connection lost: {io}")),
            other => (1006, "", other.to_string()),
        };
        let err = Error::new(ErrorKind::Network, detail);
        if code == 1006 {
            return Ending::failed(err, 1006, "");
        }
        self.settle(ws, cmds).await;
        self.shared.set_state(ReadyState::Closing);
        close_quietly(ws, code, reason).await;
        Ending::failed(err, code, reason)
    }

    /// Before failing the connection: give the consumer a moment (bounded) to
    /// take the messages that arrived before the violation and to answer
    /// them, and write those answers first (what Autobahn calls strict).
    async fn settle(&self, ws: &mut Ws, cmds: &mut mpsc::UnboundedReceiver<Command>) {
        for round in 0..SETTLE_ROUNDS {
            if self.events.capacity() == self.events.max_capacity() && round >= 4 {
                break;
            }
            if round < 16 {
                tokio::task::yield_now().await;
            } else {
                tokio::time::sleep(Duration::from_millis(1)).await;
            }
        }
        while let Ok(cmd) = cmds.try_recv() {
            if let Command::Send(msg, reply) = cmd {
                self.shared.dequeued(msg.len());
                let r = ws.send(to_frame(msg)).await;
                let _ = reply.send(r.map_err(|e| Error::new(ErrorKind::SendFailed, e.to_string())));
            }
        }
    }

    /// Ends the socket: frees its slot, fails queued sends, then reports the
    /// error (if any) and the one `Close`.
    async fn finish(&mut self, cmds: &mut mpsc::UnboundedReceiver<Command>, end: Ending) {
        self.shared.set_state(ReadyState::Closed);
        self.slot.take();
        cmds.close();
        while let Ok(cmd) = cmds.try_recv() {
            if let Command::Send(msg, reply) = cmd {
                self.shared.dequeued(msg.len());
                let _ = reply.send(Err(not_connected()));
            }
        }
        if let Some(e) = end.error {
            let _ = self.events.send(SocketEvent::Error(e)).await;
        }
        let _ = self
            .events
            .send(SocketEvent::Close {
                code: end.code,
                reason: end.reason,
            })
            .await;
    }
}

fn to_frame(msg: Message) -> tungstenite::Message {
    match msg {
        Message::Text(t) => tungstenite::Message::Text(t.into()),
        Message::Binary(b) => tungstenite::Message::Binary(b),
    }
}

/// The code and reason of the close command waiting in `cmds` (failing the
/// sends before it); 1000 if there is none.
fn pending_close(cmds: &mut mpsc::UnboundedReceiver<Command>, shared: &Shared) -> (u16, String) {
    while let Ok(cmd) = cmds.try_recv() {
        match cmd {
            Command::Close(code, reason) => return (code, reason),
            Command::Send(msg, reply) => {
                shared.dequeued(msg.len());
                let _ = reply.send(Err(not_connected()));
            }
        }
    }
    (1000, String::new())
}

fn not_connected() -> Error {
    Error::new(ErrorKind::NotConnected, "WebSocket is not connected")
}

/// After a close frame went out or came in: read until the server ends the
/// connection (bounded by [`CLOSE_TIMEOUT`]). Messages that still arrive are
/// delivered when `events` is given. Returns the code and reason of the
/// peer's close frame, if one arrived (1005 for an empty one).
async fn drain(ws: &mut Ws, events: Option<&mpsc::Sender<SocketEvent>>) -> Option<(u16, String)> {
    let mut answer = None;
    let reading = async {
        while let Some(msg) = ws.next().await {
            match msg {
                Ok(tungstenite::Message::Close(f)) => {
                    answer = Some(match f {
                        Some(f) => (u16::from(f.code), f.reason.as_str().to_string()),
                        None => (1005, String::new()),
                    });
                }
                Ok(tungstenite::Message::Text(t)) => {
                    if let Some(ev) = events {
                        let _ = ev.send(SocketEvent::Text(t.as_str().to_string())).await;
                    }
                }
                Ok(tungstenite::Message::Binary(b)) => {
                    if let Some(ev) = events {
                        let _ = ev.send(SocketEvent::Binary(b)).await;
                    }
                }
                Ok(_) => {}
                Err(_) => break,
            }
        }
    };
    let _ = tokio::time::timeout(CLOSE_TIMEOUT, reading).await;
    answer
}

/// Sends a close frame on a stream whose reading side may have failed, then
/// waits (bounded) for the server to end the TCP connection.
async fn close_quietly(ws: &mut Ws, code: u16, reason: &str) {
    let frame = CloseFrame {
        code: CloseCode::from(code),
        reason: reason.to_string().into(),
    };
    let wait = async {
        if ws
            .send(tungstenite::Message::Close(Some(frame)))
            .await
            .is_err()
        {
            return;
        }
        let raw = ws.get_mut();
        let mut buf = vec![0u8; 4096];
        // Bounded by the timeout below; a closed or failed stream ends it.
        while let Ok(n) = raw.read(&mut buf).await {
            if n == 0 {
                break;
            }
        }
    };
    let _ = tokio::time::timeout(CLOSE_TIMEOUT, wait).await;
}
