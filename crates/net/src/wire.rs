//! The HTTP layer under [`crate::Client`]: hyper's client over our own
//! connector, without a general-purpose client's layers on top (minihost
//! follows redirects, applies cookies and deadlines itself).
//!
//! - [`Connector`]: the (host, port) of a URI to vetted addresses (an exact
//!   `--resolve` rule wins and is trusted; other names are resolved and each
//!   address must pass [`DomainPolicy::check_addr`]; an IP literal is used as
//!   written), TCP with `TCP_NODELAY`, then TLS by rustls for `https`. ALPN
//!   decides HTTP/2.
//! - [`ReqBody`]: empty, buffered or streamed request bodies.
//! - [`Response`]: status, headers, the final URL and the body, decoded when
//!   the server sent it `gzip`, `deflate` or `br` (then `Content-Encoding`
//!   and `Content-Length` are removed, as the body they described is gone).
//!
//! The pool ([`HttpClient`]) keeps HTTP/1.1 connections between requests
//! (a connection goes back when its response body has been read to the end;
//! a response dropped early closes it) and shares HTTP/2 connections; idle
//! ones are closed after [`POOL_IDLE`]. A request that a reused HTTP/1.1
//! connection could not even start (the server had closed it) is sent again
//! on a new one. Pools are small (one app talks to a few origins), so a list
//! scanned in order does the lookup.

use std::error::Error as StdError;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use bytes::Bytes;
use futures_util::stream::{self, StreamExt, TryStreamExt};
use http::header::{self, HeaderMap};
use http::{StatusCode, Uri, Version};
use http_body::{Body as HttpBody, Frame, SizeHint};
use http_body_util::combinators::UnsyncBoxBody;
use http_body_util::BodyExt;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;
use url::Url;

use crate::client::classify;
use crate::policy::DomainPolicy;

/// Idle keep-alive connections are closed after this long.
pub const POOL_IDLE: Duration = Duration::from_secs(90);

/// Largest piece a decoded body is read in.
const DECODE_CHUNK: usize = 64 * 1024;

type BoxError = Box<dyn StdError + Send + Sync>;

/// Idle connections kept at most per client.
const MAX_IDLE: usize = 64;

/// Builds a client over `tls` (its ALPN list decides whether `h2` can be
/// negotiated). `h2_windows`: the HTTP/2 stream and connection receive
/// windows.
pub(crate) fn build(
    tls: Arc<rustls::ClientConfig>,
    policy: Arc<DomainPolicy>,
    check: bool,
    h2_windows: (u32, u32),
) -> HttpClient {
    HttpClient {
        shared: Arc::new(Shared {
            connector: Connector { tls, policy, check },
            h2_windows,
            idle: Mutex::new(Vec::new()),
        }),
    }
}

/// An HTTP client with its connection pool (see the module docs).
pub(crate) struct HttpClient {
    shared: Arc<Shared>,
}

struct Shared {
    connector: Connector,
    h2_windows: (u32, u32),
    /// Idle HTTP/1.1 connections and every open HTTP/2 one, oldest first.
    idle: Mutex<Vec<Idle>>,
}

/// Where a connection goes: scheme, host (as in the URI), port.
#[derive(Clone, PartialEq, Eq)]
struct Key {
    https: bool,
    host: Box<str>,
    port: u16,
}

impl Key {
    fn of(uri: &Uri) -> Option<Key> {
        let https = match uri.scheme_str()? {
            "https" => true,
            "http" => false,
            _ => return None,
        };
        let host = uri.host()?;
        let port = uri.port_u16().unwrap_or(if https { 443 } else { 80 });
        Some(Key {
            https,
            host: host.into(),
            port,
        })
    }

    fn is(&self, https: bool, host: &str, port: u16) -> bool {
        self.port == port && self.https == https && *self.host == *host
    }
}

enum Sender {
    H1(hyper::client::conn::http1::SendRequest<ReqBody>),
    H2(hyper::client::conn::http2::SendRequest<ReqBody>),
}

struct Idle {
    key: Key,
    since: Instant,
    tx: Sender,
}

/// Gives an HTTP/1.1 connection back to its pool once its response body has
/// been read to the end.
pub(crate) struct Returner {
    shared: Arc<Shared>,
    key: Key,
    tx: hyper::client::conn::http1::SendRequest<ReqBody>,
}

impl Returner {
    fn give_back(self) {
        if self.tx.is_ready() {
            self.shared.put(self.key, Sender::H1(self.tx));
            return;
        }
        if self.tx.is_closed() {
            return;
        }
        // The connection task has not seen the end of the exchange yet.
        let Returner {
            shared,
            key,
            mut tx,
        } = self;
        tokio::spawn(async move {
            if let Ok(Ok(())) = tokio::time::timeout(Duration::from_secs(1), tx.ready()).await {
                shared.put(key, Sender::H1(tx));
            }
        });
    }
}

impl Shared {
    fn put(&self, key: Key, tx: Sender) {
        let mut idle = self.idle.lock().unwrap_or_else(|p| p.into_inner());
        if idle.len() >= MAX_IDLE {
            idle.remove(0);
        }
        idle.push(Idle {
            key,
            since: Instant::now(),
            tx,
        });
    }

    /// A ready pooled connection to `key`, dropping closed and expired ones
    /// on the way. HTTP/2 connections stay in the pool (shared).
    fn checkout(&self, key: &Key) -> Option<Sender> {
        let mut idle = self.idle.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        let mut i = idle.len();
        while i > 0 {
            i -= 1;
            let e = &mut idle[i];
            let (closed, ready) = match &e.tx {
                Sender::H1(t) => (t.is_closed(), t.is_ready()),
                Sender::H2(t) => (t.is_closed(), t.is_ready()),
            };
            if closed || now.duration_since(e.since) > POOL_IDLE {
                idle.remove(i);
                continue;
            }
            if !ready || !e.key.is(key.https, &key.host, key.port) {
                continue;
            }
            if let Sender::H2(t) = &e.tx {
                e.since = now;
                return Some(Sender::H2(t.clone()));
            }
            return Some(idle.remove(i).tx);
        }
        None
    }

    async fn connect(&self, key: &Key, uri: &Uri) -> Result<Sender, BoxError> {
        let conn = self.connector.clone().connect(uri.clone()).await?;
        let io = TokioIo::new(conn);
        if io.inner().is_h2() {
            let (tx, conn) = hyper::client::conn::http2::Builder::new(TokioExecutor::new())
                .timer(TokioTimer::new())
                .initial_stream_window_size(self.h2_windows.0)
                .initial_connection_window_size(self.h2_windows.1)
                .handshake(io)
                .await?;
            tokio::spawn(async move {
                if let Err(e) = conn.await {
                    tracing::debug!("h2 connection ended: {e}");
                }
            });
            self.put(key.clone(), Sender::H2(tx.clone()));
            return Ok(Sender::H2(tx));
        }
        let (tx, conn) = hyper::client::conn::http1::Builder::new()
            .handshake(io)
            .await?;
        tokio::spawn(async move {
            if let Err(e) = conn.await {
                tracing::debug!("connection ended: {e}");
            }
        });
        Ok(Sender::H1(tx))
    }
}

impl HttpClient {
    /// Sends `req` (absolute URI) on a pooled or new connection. The
    /// [`Returner`] of an HTTP/1.1 exchange puts its connection back.
    pub(crate) async fn request(
        &self,
        mut req: http::Request<ReqBody>,
    ) -> Result<(http::Response<Incoming>, Option<Returner>), BoxError> {
        let uri = req.uri().clone();
        let key = Key::of(&uri).ok_or_else(|| format!("unsupported URL {uri}"))?;
        if !req.headers().contains_key(header::HOST) {
            let host = match uri.port() {
                Some(p) => format!("{}:{}", uri.host().unwrap_or_default(), p),
                None => uri.host().unwrap_or_default().to_string(),
            };
            req.headers_mut()
                .insert(header::HOST, http::HeaderValue::from_str(&host)?);
        }
        loop {
            let (tx, reused) = match self.shared.checkout(&key) {
                Some(tx) => (tx, true),
                None => (self.shared.connect(&key, &uri).await?, false),
            };
            match tx {
                Sender::H2(mut tx) => {
                    req.headers_mut().remove(header::HOST);
                    return Ok((tx.send_request(req).await?, None));
                }
                Sender::H1(mut tx) => {
                    if req.uri().scheme().is_some() {
                        *req.uri_mut() = request_target(req.method(), &uri);
                    }
                    match tx.try_send_request(req).await {
                        Ok(resp) => {
                            let back = Returner {
                                shared: self.shared.clone(),
                                key,
                                tx,
                            };
                            return Ok((resp, Some(back)));
                        }
                        Err(mut e) => match e.take_message() {
                            // Not even started on a kept connection (the
                            // server closed it meanwhile): a new one.
                            Some(r) if reused => {
                                req = r;
                                *req.uri_mut() = uri.clone();
                            }
                            _ => return Err(Box::new(e.into_error())),
                        },
                    }
                }
            }
        }
    }
}

/// The request target of HTTP/1.1: origin form (authority form for
/// CONNECT).
fn request_target(method: &http::Method, uri: &Uri) -> Uri {
    if method == http::Method::CONNECT {
        if let Some(a) = uri.authority() {
            let mut parts = http::uri::Parts::default();
            parts.authority = Some(a.clone());
            if let Ok(u) = Uri::from_parts(parts) {
                return u;
            }
        }
    }
    match uri.path_and_query() {
        Some(pq) => Uri::from(pq.clone()),
        None => Uri::from_static("/"),
    }
}

/// The address a resolver refused; found in error chains to report
/// [`crate::ErrorKind::DomainRefused`].
#[derive(Debug)]
pub(crate) struct AddrRefused(pub(crate) String);

impl std::fmt::Display for AddrRefused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl StdError for AddrRefused {}

/// Opens the connections of one client (see the module docs).
#[derive(Clone)]
pub(crate) struct Connector {
    tls: Arc<rustls::ClientConfig>,
    policy: Arc<DomainPolicy>,
    check: bool,
}

impl Connector {
    /// The addresses to try for `host:port`.
    async fn addrs(&self, host: &str, port: u16) -> Result<Vec<SocketAddr>, BoxError> {
        if let Ok(ip) = host.parse::<IpAddr>() {
            return Ok(vec![SocketAddr::new(ip, port)]);
        }
        if let Some(addr) = self.policy.resolve_override(host, port) {
            return Ok(vec![addr]);
        }
        let found = tokio::net::lookup_host((host, port)).await?;
        let mut vetted = Vec::new();
        let mut refused = None;
        for addr in found {
            if !self.check {
                vetted.push(addr);
                continue;
            }
            match self.policy.check_addr(host, port, addr.ip()) {
                Ok(()) => vetted.push(addr),
                Err(e) => refused = Some(e.detail),
            }
        }
        if vetted.is_empty() {
            let why = refused.unwrap_or_else(|| format!("no address found for {host}"));
            return Err(Box::new(AddrRefused(why)));
        }
        Ok(vetted)
    }

    async fn connect(self, uri: Uri) -> Result<Conn, BoxError> {
        let tls = match uri.scheme_str() {
            Some("https") => true,
            Some("http") => false,
            _ => return Err(format!("unsupported URL {uri}").into()),
        };
        let host = uri.host().ok_or_else(|| format!("no host in {uri}"))?;
        let host = host
            .strip_prefix('[')
            .and_then(|h| h.strip_suffix(']'))
            .unwrap_or(host);
        let port = uri.port_u16().unwrap_or(if tls { 443 } else { 80 });
        let tcp = tcp_connect(&self.addrs(host, port).await?).await?;
        let _ = tcp.set_nodelay(true);
        if !tls {
            return Ok(Conn::Plain(tcp));
        }
        let name = rustls::pki_types::ServerName::try_from(host.to_string())
            .map_err(|_| format!("invalid server name {host:?}"))?;
        let s = tokio_rustls::TlsConnector::from(self.tls.clone())
            .connect(name, tcp)
            .await?;
        Ok(Conn::Tls(Box::new(s)))
    }
}

/// Connects to the first of `addrs` that accepts; else the last failure
/// (`NotFound` when there is no address at all).
pub(crate) async fn tcp_connect(addrs: &[SocketAddr]) -> io::Result<TcpStream> {
    let mut last = io::Error::new(io::ErrorKind::NotFound, "no address to connect to");
    for addr in addrs {
        match TcpStream::connect(*addr).await {
            Ok(s) => return Ok(s),
            Err(e) => last = e,
        }
    }
    Err(last)
}

/// A connection: plain TCP or TLS over TCP.
pub(crate) enum Conn {
    Plain(TcpStream),
    Tls(Box<TlsStream<TcpStream>>),
}

impl Conn {
    /// Was `h2` negotiated by ALPN?
    fn is_h2(&self) -> bool {
        match self {
            Conn::Plain(_) => false,
            Conn::Tls(s) => s.get_ref().1.alpn_protocol() == Some(b"h2"),
        }
    }
}

impl AsyncRead for Conn {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Conn::Plain(s) => Pin::new(s).poll_read(cx, buf),
            Conn::Tls(s) => Pin::new(s.as_mut()).poll_read(cx, buf),
        }
    }
}

impl AsyncWrite for Conn {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, b: &[u8]) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            Conn::Plain(s) => Pin::new(s).poll_write(cx, b),
            Conn::Tls(s) => Pin::new(s.as_mut()).poll_write(cx, b),
        }
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            Conn::Plain(s) => Pin::new(s).poll_write_vectored(cx, bufs),
            Conn::Tls(s) => Pin::new(s.as_mut()).poll_write_vectored(cx, bufs),
        }
    }

    fn is_write_vectored(&self) -> bool {
        match self {
            Conn::Plain(s) => s.is_write_vectored(),
            Conn::Tls(s) => s.is_write_vectored(),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Conn::Plain(s) => Pin::new(s).poll_flush(cx),
            Conn::Tls(s) => Pin::new(s.as_mut()).poll_flush(cx),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Conn::Plain(s) => Pin::new(s).poll_shutdown(cx),
            Conn::Tls(s) => Pin::new(s.as_mut()).poll_shutdown(cx),
        }
    }
}

/// A request body.
pub enum ReqBody {
    /// No body.
    Empty,
    /// A buffered body, sent whole.
    Full(Option<Bytes>),
    /// A streamed body (uploads).
    Stream(UnsyncBoxBody<Bytes, BoxError>),
}

impl std::fmt::Debug for ReqBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReqBody::Empty => f.write_str("Empty"),
            ReqBody::Full(b) => write!(f, "Full({})", b.as_ref().map_or(0, Bytes::len)),
            ReqBody::Stream(_) => f.write_str("Stream"),
        }
    }
}

impl ReqBody {
    /// A streamed body from any [`http_body::Body`] of bytes.
    pub fn stream<B>(body: B) -> Self
    where
        B: HttpBody<Data = Bytes> + Send + 'static,
        B::Error: Into<BoxError>,
    {
        ReqBody::Stream(body.map_err(Into::into).boxed_unsync())
    }
}

impl HttpBody for ReqBody {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        match self.get_mut() {
            ReqBody::Empty => Poll::Ready(None),
            ReqBody::Full(b) => Poll::Ready(b.take().map(|b| Ok(Frame::data(b)))),
            ReqBody::Stream(s) => Pin::new(s).poll_frame(cx),
        }
    }

    fn is_end_stream(&self) -> bool {
        match self {
            ReqBody::Empty => true,
            ReqBody::Full(b) => b.is_none(),
            ReqBody::Stream(s) => s.is_end_stream(),
        }
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            ReqBody::Empty => SizeHint::with_exact(0),
            ReqBody::Full(b) => SizeHint::with_exact(b.as_ref().map_or(0, |b| b.len() as u64)),
            ReqBody::Stream(s) => s.size_hint(),
        }
    }
}

type ByteStream = Pin<Box<dyn futures_util::Stream<Item = io::Result<Bytes>> + Send>>;

enum RespBody {
    /// As received.
    Plain(Incoming),
    /// To be decoded: the coding, and the body until its first data.
    Coded(Coding, Option<Incoming>),
    /// Being decoded.
    Decoding(ByteStream),
}

#[derive(Clone, Copy)]
enum Coding {
    Gzip,
    Deflate,
    Brotli,
}

/// A response: head, final URL, body (read with [`Response::chunk`]).
pub struct Response {
    status: StatusCode,
    version: Version,
    headers: HeaderMap,
    url: Url,
    body: RespBody,
    back: Option<Returner>,
}

impl std::fmt::Debug for Response {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Response")
            .field("status", &self.status)
            .field("url", &self.url.as_str())
            .finish_non_exhaustive()
    }
}

impl Response {
    /// Wraps hyper's response to `url`; bodies coded with `gzip`,
    /// `deflate` or `br` are decoded unless `head_only` (a HEAD request).
    pub(crate) fn new(
        resp: http::Response<Incoming>,
        back: Option<Returner>,
        url: Url,
        head_only: bool,
    ) -> Self {
        let (parts, body) = resp.into_parts();
        let mut headers = parts.headers;
        let status = parts.status;
        let coding = match headers.get(header::CONTENT_ENCODING).map(|v| v.as_bytes()) {
            _ if head_only
                || status == StatusCode::NO_CONTENT
                || status == StatusCode::NOT_MODIFIED =>
            {
                None
            }
            Some(v) if v.eq_ignore_ascii_case(b"gzip") || v.eq_ignore_ascii_case(b"x-gzip") => {
                Some(Coding::Gzip)
            }
            Some(v) if v.eq_ignore_ascii_case(b"deflate") => Some(Coding::Deflate),
            Some(v) if v.eq_ignore_ascii_case(b"br") => Some(Coding::Brotli),
            _ => None,
        };
        let body = match coding {
            Some(c) => {
                headers.remove(header::CONTENT_ENCODING);
                headers.remove(header::CONTENT_LENGTH);
                RespBody::Coded(c, Some(body))
            }
            None => RespBody::Plain(body),
        };
        Response {
            status,
            version: parts.version,
            headers,
            url,
            body,
            back,
        }
    }

    /// The body ended: the connection can serve the next request.
    fn ended(&mut self) -> crate::Result<Option<Bytes>> {
        if let Some(b) = self.back.take() {
            b.give_back();
        }
        Ok(None)
    }

    /// The status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The HTTP version.
    pub fn version(&self) -> Version {
        self.version
    }

    /// The header fields.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// Takes the header fields out (they are not needed to read the body).
    pub fn take_headers(&mut self) -> HeaderMap {
        std::mem::take(&mut self.headers)
    }

    /// The URL this response came from (after redirects).
    pub fn url(&self) -> &Url {
        &self.url
    }

    /// The body's length when known in advance (never for a decoded body).
    pub fn content_length(&self) -> Option<u64> {
        match &self.body {
            RespBody::Plain(b) => b.size_hint().exact(),
            _ => None,
        }
    }

    /// The next piece of the (decoded) body; `None` at its end. A failure
    /// (connection lost, stream reset, bad framing, bad coded data) is an
    /// error, never a short success.
    pub async fn chunk(&mut self) -> crate::Result<Option<Bytes>> {
        loop {
            match &mut self.body {
                RespBody::Plain(b) => {
                    return match b.frame().await {
                        None => self.ended(),
                        Some(Err(e)) => Err(classify(&e)),
                        Some(Ok(f)) => match f.into_data() {
                            Ok(d) => Ok(Some(d)),
                            // Trailers: not reported.
                            Err(_) => continue,
                        },
                    };
                }
                RespBody::Coded(coding, inner) => {
                    let coding = *coding;
                    let Some(mut b) = inner.take() else {
                        return Ok(None);
                    };
                    // An empty coded body is an empty body (nothing to decode).
                    let first = loop {
                        match b.frame().await {
                            None => break None,
                            Some(Err(e)) => return Err(classify(&e)),
                            Some(Ok(f)) => {
                                if let Ok(d) = f.into_data() {
                                    if !d.is_empty() {
                                        break Some(d);
                                    }
                                }
                            }
                        }
                    };
                    let Some(first) = first else {
                        return self.ended();
                    };
                    let rest = b.into_data_stream().map_err(io::Error::other);
                    let all = stream::once(async move { Ok::<_, io::Error>(first) }).chain(rest);
                    self.body = RespBody::Decoding(decoder(coding, Box::pin(all)));
                }
                RespBody::Decoding(s) => {
                    return match s.next().await {
                        None => self.ended(),
                        Some(Ok(d)) => Ok(Some(d)),
                        // The body's own failures come wrapped; anything
                        // else is the decoder's.
                        Some(Err(e)) if e.get_ref().is_some_and(|i| i.is::<hyper::Error>()) => {
                            Err(classify(&e))
                        }
                        Some(Err(e)) => Err(crate::Error::new(
                            crate::ErrorKind::Network,
                            format!("error decoding response body: {e}"),
                        )),
                    };
                }
            }
        }
    }
}

fn decoder(coding: Coding, input: ByteStream) -> ByteStream {
    use async_compression::tokio::bufread::{BrotliDecoder, GzipDecoder, ZlibDecoder};
    let reader = tokio_util::io::StreamReader::new(input);
    match coding {
        Coding::Gzip => {
            let mut d = GzipDecoder::new(reader);
            d.multiple_members(true);
            Box::pin(tokio_util::io::ReaderStream::with_capacity(d, DECODE_CHUNK))
        }
        Coding::Deflate => Box::pin(tokio_util::io::ReaderStream::with_capacity(
            ZlibDecoder::new(reader),
            DECODE_CHUNK,
        )),
        Coding::Brotli => Box::pin(tokio_util::io::ReaderStream::with_capacity(
            BrotliDecoder::new(reader),
            DECODE_CHUNK,
        )),
    }
}
