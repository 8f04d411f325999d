//! The WebSocket routes under `/ws/`.
//!
//! Routes accept any method so that both the HTTP/1.1 upgrade and the
//! HTTP/2 extended CONNECT (RFC 8441) reach them. Message and frame limits
//! are set to 256 MiB: the server never limits a test.

use std::time::Duration;

use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::extract::Query;
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::Router;
use http::{HeaderMap, StatusCode};
use serde::Deserialize;

use crate::http::headers_json;

/// Largest message or frame the server accepts.
const MAX_MESSAGE: usize = 256 << 20;
/// Largest message `/ws/oversize` agrees to build.
const MAX_OVERSIZE: usize = 256 << 20;
/// How long `/ws/close` waits for the client's close reply.
const CLOSE_WAIT: Duration = Duration::from_secs(10);
/// How long `/ws/hang` keeps the upgrade request unanswered.
const HANG: Duration = Duration::from_secs(300);

pub(crate) fn router() -> Router {
    Router::new()
        .route("/ws/echo", any(echo))
        .route("/ws/close", any(close))
        .route("/ws/binary", any(binary))
        .route("/ws/protocol", any(protocol))
        .route("/ws/hang", any(hang))
        .route("/ws/oversize", any(oversize))
        .route("/ws/headers", any(headers))
        .route("/ws/ping", any(ping))
}

/// Sends a ping with payload `minihost`, waits (bounded) for the pong, then
/// sends one text message saying what came back (`pong:<payload>` or
/// `no pong`), then echoes: a client that answers pings is visible.
async fn ping(ws: WebSocketUpgrade) -> Response {
    limits(ws).on_upgrade(|mut socket| async move {
        if socket.send(Message::Ping("minihost".into())).await.is_err() {
            return;
        }
        let got = tokio::time::timeout(CLOSE_WAIT, async {
            while let Some(Ok(msg)) = socket.recv().await {
                if let Message::Pong(p) = msg {
                    return Some(p);
                }
            }
            None
        })
        .await
        .ok()
        .flatten();
        let report = match got {
            Some(p) => format!("pong:{}", String::from_utf8_lossy(&p)),
            None => "no pong".to_string(),
        };
        send_then_echo(socket, Message::Text(report.into())).await;
    })
}

fn limits(ws: WebSocketUpgrade) -> WebSocketUpgrade {
    ws.max_message_size(MAX_MESSAGE).max_frame_size(MAX_MESSAGE)
}

/// Echoes text and binary messages until the peer goes away. Pings are
/// answered and a close is replied to by the library while reading.
async fn echo_loop(mut socket: WebSocket) {
    while let Some(Ok(msg)) = socket.recv().await {
        if matches!(msg, Message::Text(_) | Message::Binary(_)) && socket.send(msg).await.is_err() {
            break;
        }
    }
}

/// Sends `first`, then echoes.
async fn send_then_echo(mut socket: WebSocket, first: Message) {
    if socket.send(first).await.is_ok() {
        echo_loop(socket).await;
    }
}

async fn echo(ws: WebSocketUpgrade) -> Response {
    limits(ws).on_upgrade(echo_loop)
}

#[derive(Deserialize)]
struct CloseQuery {
    code: Option<u16>,
    reason: Option<String>,
}

async fn close(ws: WebSocketUpgrade, Query(q): Query<CloseQuery>) -> Response {
    let frame = CloseFrame {
        code: q.code.unwrap_or(1000),
        reason: q.reason.unwrap_or_default().into(),
    };
    limits(ws).on_upgrade(move |mut socket| async move {
        if socket.send(Message::Close(Some(frame))).await.is_err() {
            return;
        }
        // Read until the client's close reply (or the connection) ends it.
        let _ = tokio::time::timeout(CLOSE_WAIT, async {
            while let Some(Ok(_)) = socket.recv().await {}
        })
        .await;
    })
}

async fn binary(ws: WebSocketUpgrade) -> Response {
    let bytes: Vec<u8> = (0..=255u8).collect();
    limits(ws).on_upgrade(move |socket| send_then_echo(socket, Message::Binary(bytes.into())))
}

/// Selects the first offered sub-protocol, in the order the client wrote them
/// (axum's own list is sorted, so read the header); without one the handshake
/// still completes, just without a `Sec-WebSocket-Protocol` header.
async fn protocol(headers: HeaderMap, mut ws: WebSocketUpgrade) -> Response {
    let first = headers
        .get_all(http::header::SEC_WEBSOCKET_PROTOCOL)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .find(|p| !p.is_empty())
        .and_then(|p| http::HeaderValue::from_str(p).ok());
    if let Some(first) = first {
        ws.set_selected_protocol(first);
    }
    limits(ws).on_upgrade(echo_loop)
}

/// Never answers the upgrade (for a bounded five minutes).
async fn hang() -> Response {
    tokio::time::sleep(HANG).await;
    StatusCode::GATEWAY_TIMEOUT.into_response()
}

#[derive(Deserialize)]
struct OversizeQuery {
    size: Option<usize>,
}

async fn oversize(ws: WebSocketUpgrade, Query(q): Query<OversizeQuery>) -> Response {
    let size = q.size.unwrap_or(1 << 20).min(MAX_OVERSIZE);
    limits(ws).on_upgrade(move |socket| {
        let text = "a".repeat(size);
        send_then_echo(socket, Message::Text(text.into()))
    })
}

async fn headers(ws: WebSocketUpgrade, headers: HeaderMap) -> Response {
    let json = headers_json(&headers, None).to_string();
    limits(ws).on_upgrade(move |socket| send_then_echo(socket, Message::Text(json.into())))
}
