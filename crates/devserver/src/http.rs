//! The plain HTTP routes (everything but `/upload*` and `/ws/*`).

use std::convert::Infallible;
use std::io::{self, Write};
use std::sync::OnceLock;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, DefaultBodyLimit, Path, Query, Request};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::{Json, Router};
use base64::Engine as _;
use http::header::{
    CONTENT_DISPOSITION, CONTENT_ENCODING, CONTENT_LENGTH, CONTENT_TYPE, COOKIE, HOST, LOCATION,
    SET_COOKIE,
};
use http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use serde::Deserialize;
use serde_json::{json, Map, Value};

use crate::{upload, ws};

/// Body chunk size of generated downloads (and the unit of `slow`).
const CHUNK: usize = 64 * 1024;
/// Upper bound for every sleep a request can ask for.
const MAX_SLEEP: Duration = Duration::from_secs(300);
/// How long a truncating body waits after its last bytes before failing, so
/// that hyper flushes them to the socket first.
const TRUNCATE_GRACE: Duration = Duration::from_millis(100);

/// Every route of the devserver, on any host.
pub(crate) fn router() -> Router {
    Router::new()
        .route("/echo", any(echo))
        .route("/echo/{*rest}", any(echo))
        .route("/json", any(json_route))
        .route("/peer", any(peer))
        .route("/text", any(text))
        .route("/status/{code}", any(status))
        .route("/delay/{ms}", any(delay))
        .route("/stream", any(stream))
        .route("/redirect/{n}", any(redirect))
        .route("/redirect-to", any(redirect_to))
        .route("/redirect-loop", any(redirect_loop))
        .route("/bytes/{n}", any(bytes_route))
        .route("/set-cookie", any(set_cookie))
        .route("/cookies", any(cookies))
        .route("/headers/repeat", any(headers_repeat))
        .route("/invalid-utf8", any(invalid_utf8))
        .route("/gzip", any(gzip))
        .route("/bom-json", any(bom_json))
        .route("/truncate", any(truncate))
        .route("/download", any(download))
        .route("/upload", any(upload::upload))
        .route("/upload/status/{code}", any(upload::upload_status))
        .merge(ws::router())
        .fallback(not_found)
        // Nothing here limits a body: /echo and /upload take any size.
        .layer(DefaultBodyLimit::disable())
}

/// A JSON error response `{"error": message}`.
pub(crate) fn error(status: StatusCode, message: impl Into<String>) -> Response {
    (status, Json(json!({ "error": message.into() }))).into_response()
}

async fn not_found(req: Request) -> Response {
    error(
        StatusCode::NOT_FOUND,
        format!("no route for {}", req.uri().path()),
    )
}

/// Request headers as a JSON object: lower-case name → value, repeated fields
/// joined with `", "` (`cookie` with `"; "`). Under HTTP/2 the `:authority`
/// pseudo-header is reported as `host`.
pub(crate) fn headers_json(headers: &HeaderMap, authority: Option<&str>) -> Value {
    let mut map = Map::new();
    if let (false, Some(authority)) = (headers.contains_key(HOST), authority) {
        map.insert("host".into(), Value::String(authority.to_string()));
    }
    for name in headers.keys() {
        let sep = if name == COOKIE { "; " } else { ", " };
        let joined = headers
            .get_all(name)
            .iter()
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
            .collect::<Vec<_>>()
            .join(sep);
        map.insert(name.as_str().to_string(), Value::String(joined));
    }
    Value::Object(map)
}

fn is_set(flag: &Option<String>) -> bool {
    matches!(flag.as_deref(), Some(v) if !v.is_empty() && v != "0" && v != "false")
}

/// A request the server cannot answer as asked: 400 `{"error": ...}`.
pub(crate) struct BadRequest(String);

impl IntoResponse for BadRequest {
    fn into_response(self) -> Response {
        error(StatusCode::BAD_REQUEST, self.0)
    }
}

fn header_value(s: &str) -> Result<HeaderValue, BadRequest> {
    HeaderValue::from_str(s).map_err(|_| BadRequest(format!("invalid header value {s:?}")))
}

/// A final status from a path or query value (200–999).
pub(crate) fn status_code(code: u16) -> Result<StatusCode, BadRequest> {
    match StatusCode::from_u16(code) {
        Ok(status) if code >= 200 => Ok(status),
        _ => Err(BadRequest(format!("unsupported status {code}"))),
    }
}

/// `{"port": N}`: the client's port, to tell its connections apart.
async fn peer(ConnectInfo(addr): ConnectInfo<std::net::SocketAddr>) -> Json<Value> {
    Json(json!({ "port": addr.port() }))
}

async fn echo(req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let body = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(body) => body,
        Err(err) => return error(StatusCode::BAD_REQUEST, format!("reading body: {err}")),
    };
    Json(json!({
        "method": parts.method.as_str(),
        "path": parts.uri.path(),
        "query": parts.uri.query().unwrap_or(""),
        "headers": headers_json(&parts.headers, parts.uri.authority().map(|a| a.as_str())),
        "body": String::from_utf8_lossy(&body),
        "bodyBase64": base64::engine::general_purpose::STANDARD.encode(&body),
        "bodyLength": body.len(),
        "httpVersion": format!("{:?}", parts.version),
    }))
    .into_response()
}

async fn json_route() -> Response {
    Json(json!({
        "name": "minihost",
        "ok": true,
        "count": 3,
        "items": [1, 2, 3],
        "nested": { "key": "value" },
        "text": "héllo ✓",
        "none": null,
    }))
    .into_response()
}

async fn text() -> Response {
    (
        [(CONTENT_TYPE, "text/plain; charset=utf-8")],
        "hello, not json",
    )
        .into_response()
}

async fn status(Path(code): Path<u16>) -> Result<Response, BadRequest> {
    let status = status_code(code)?;
    Ok((status, Json(json!({ "status": code }))).into_response())
}

async fn delay(Path(ms): Path<u64>) -> Response {
    tokio::time::sleep(Duration::from_millis(ms).min(MAX_SLEEP)).await;
    Json(json!({ "delayed": ms })).into_response()
}

#[derive(Deserialize)]
struct StreamQuery {
    chunks: Option<u32>,
    interval: Option<u64>,
    size: Option<usize>,
}

/// `N` chunks of `B` bytes, chunk `k` filled with the letter `'a' + k % 26`.
async fn stream(Query(q): Query<StreamQuery>) -> Response {
    let chunks = q.chunks.unwrap_or(5).min(100_000);
    let interval = Duration::from_millis(q.interval.unwrap_or(50)).min(MAX_SLEEP);
    let size = q.size.unwrap_or(1024).clamp(1, 16 << 20);
    let body = futures_util::stream::unfold(0u32, move |k| async move {
        if k >= chunks {
            return None;
        }
        if k > 0 {
            tokio::time::sleep(interval).await;
        }
        let letter = b'a' + (k % 26) as u8;
        Some((Ok::<_, Infallible>(Bytes::from(vec![letter; size])), k + 1))
    });
    (
        [(CONTENT_TYPE, "text/plain; charset=utf-8")],
        Body::from_stream(body),
    )
        .into_response()
}

fn found(location: &str, status: StatusCode) -> Result<Response, BadRequest> {
    let value = header_value(location)?;
    Ok((
        status,
        [(LOCATION, value)],
        Json(json!({ "location": location })),
    )
        .into_response())
}

async fn redirect(Path(n): Path<u32>) -> Result<Response, BadRequest> {
    if n == 0 {
        found("/echo", StatusCode::FOUND)
    } else {
        found(&format!("/redirect/{}", n - 1), StatusCode::FOUND)
    }
}

#[derive(Deserialize)]
struct RedirectToQuery {
    url: String,
    status: Option<u16>,
}

async fn redirect_to(Query(q): Query<RedirectToQuery>) -> Result<Response, BadRequest> {
    found(&q.url, status_code(q.status.unwrap_or(302))?)
}

async fn redirect_loop() -> Result<Response, BadRequest> {
    found("/redirect-loop", StatusCode::FOUND)
}

/// Byte `i` of every generated body.
fn pattern_slice(offset: u64, len: usize) -> Bytes {
    static PATTERN: OnceLock<Bytes> = OnceLock::new();
    let pattern = PATTERN.get_or_init(|| (0..CHUNK + 251).map(|i| (i % 251) as u8).collect());
    let start = (offset % 251) as usize;
    pattern.slice(start..start + len.min(CHUNK))
}

/// A streamed body of `send` pattern bytes in [`CHUNK`]s, `pause` between
/// chunks; with `then_fail` the stream ends with an error after them, which
/// makes hyper abort the connection (h1) or reset the stream (h2).
fn pattern_body(send: u64, pause: Option<Duration>, then_fail: bool) -> Body {
    let stream = futures_util::stream::unfold((0u64, false), move |(offset, done)| async move {
        if done {
            return None;
        }
        if offset >= send {
            if !then_fail {
                return None;
            }
            tokio::time::sleep(TRUNCATE_GRACE).await;
            let err = io::Error::new(io::ErrorKind::ConnectionAborted, "devserver truncation");
            return Some((Err(err), (offset, true)));
        }
        if let (true, Some(pause)) = (offset > 0, pause) {
            tokio::time::sleep(pause).await;
        }
        let len = (send - offset).min(CHUNK as u64) as usize;
        Some((Ok(pattern_slice(offset, len)), (offset + len as u64, false)))
    });
    Body::from_stream(stream)
}

/// What a generated-bytes response looks like.
struct Generated {
    status: StatusCode,
    size: u64,
    content_type: Option<String>,
    declare_length: bool,
    pause: Option<Duration>,
    /// Send only this many bytes, then cut the connection.
    cut: Option<u64>,
    filename: Option<String>,
}

fn generated(g: Generated) -> Result<Response, BadRequest> {
    let content_type = g
        .content_type
        .unwrap_or_else(|| "application/octet-stream".to_string());
    let mut headers = HeaderMap::new();
    headers.insert(CONTENT_TYPE, header_value(&content_type)?);
    if g.declare_length {
        headers.insert(CONTENT_LENGTH, HeaderValue::from(g.size));
    }
    if let Some(name) = &g.filename {
        let value = header_value(&format!("attachment; filename=\"{name}\""))?;
        headers.insert(CONTENT_DISPOSITION, value);
    }
    let cut = g.cut.filter(|&cut| cut < g.size);
    let body = pattern_body(cut.unwrap_or(g.size), g.pause, cut.is_some());
    Ok((g.status, headers, body).into_response())
}

#[derive(Deserialize)]
struct BytesQuery {
    #[serde(rename = "type")]
    content_type: Option<String>,
    nolength: Option<String>,
}

async fn bytes_route(
    Path(n): Path<u64>,
    Query(q): Query<BytesQuery>,
) -> Result<Response, BadRequest> {
    generated(Generated {
        status: StatusCode::OK,
        size: n,
        content_type: q.content_type,
        declare_length: !is_set(&q.nolength),
        pause: None,
        cut: None,
        filename: None,
    })
}

#[derive(Deserialize)]
struct DownloadQuery {
    size: Option<u64>,
    #[serde(rename = "type")]
    content_type: Option<String>,
    chunked: Option<String>,
    slow: Option<u64>,
    status: Option<u16>,
    truncate: Option<u64>,
    nolength: Option<String>,
    filename: Option<String>,
}

async fn download(Query(q): Query<DownloadQuery>) -> Result<Response, BadRequest> {
    let status = status_code(q.status.unwrap_or(200))?;
    generated(Generated {
        status,
        size: q.size.unwrap_or(1024),
        content_type: q.content_type,
        declare_length: !is_set(&q.chunked) && !is_set(&q.nolength),
        pause: q.slow.map(|ms| Duration::from_millis(ms).min(MAX_SLEEP)),
        cut: q.truncate,
        filename: q.filename,
    })
}

#[derive(Deserialize)]
struct TruncateQuery {
    size: Option<u64>,
    cut: Option<u64>,
}

async fn truncate(Query(q): Query<TruncateQuery>) -> Result<Response, BadRequest> {
    let size = q.size.unwrap_or(1000);
    generated(Generated {
        status: StatusCode::OK,
        size,
        content_type: None,
        declare_length: true,
        pause: None,
        // Always cut: at most size - 1 bytes are sent.
        cut: Some(q.cut.unwrap_or(size / 2).min(size.saturating_sub(1))),
        filename: None,
    })
}

async fn set_cookie(Query(pairs): Query<Vec<(String, String)>>) -> Result<Response, BadRequest> {
    let mut headers = HeaderMap::new();
    let mut set = Map::new();
    for (k, v) in pairs {
        headers.append(SET_COOKIE, header_value(&format!("{k}={v}; Path=/"))?);
        set.insert(k, Value::String(v));
    }
    Ok((headers, Json(json!({ "set": set }))).into_response())
}

async fn cookies(headers: HeaderMap) -> Response {
    let all: Vec<String> = headers
        .get_all(COOKIE)
        .iter()
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        .collect();
    let cookie = if all.is_empty() {
        Value::Null
    } else {
        Value::String(all.join("; "))
    };
    Json(json!({ "cookie": cookie })).into_response()
}

async fn headers_repeat() -> Response {
    let mut headers = HeaderMap::new();
    let multi = HeaderName::from_static("x-multi");
    headers.append(multi.clone(), HeaderValue::from_static("a"));
    headers.append(multi, HeaderValue::from_static("b"));
    headers.insert(
        HeaderName::from_static("x-case-test"),
        HeaderValue::from_static("MixedCase"),
    );
    // A field a naive `obj[name] = value` would lose (it sets the prototype).
    headers.insert(
        HeaderName::from_static("__proto__"),
        HeaderValue::from_static("p"),
    );
    (headers, Json(json!({ "repeat": true }))).into_response()
}

async fn invalid_utf8() -> Response {
    (
        [(CONTENT_TYPE, "text/plain; charset=utf-8")],
        Bytes::from_static(&[0xFF, 0xFE, 0x41]),
    )
        .into_response()
}

async fn gzip() -> Response {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    let encoded = encoder
        .write_all(br#"{"gzip":true}"#)
        .and_then(|()| encoder.finish());
    match encoded {
        Ok(bytes) => (
            [
                (CONTENT_TYPE, "application/json"),
                (CONTENT_ENCODING, "gzip"),
            ],
            bytes,
        )
            .into_response(),
        Err(err) => error(StatusCode::INTERNAL_SERVER_ERROR, err.to_string()),
    }
}

async fn bom_json() -> Response {
    (
        [(CONTENT_TYPE, "application/json")],
        "\u{FEFF}{\"bom\":true}",
    )
        .into_response()
}
