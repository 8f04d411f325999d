//! Opening a socket: the handshake request (built before any I/O), the vetted
//! address, TCP, TLS and the WebSocket upgrade, and the mapping of their
//! failures to [`ErrorKind`]s.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use rustls::pki_types::ServerName;
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::{
    self,
    client::IntoClientRequest,
    error::{ProtocolError, SubProtocolError},
    handshake::client::{generate_key, Request, Response},
    protocol::WebSocketConfig,
};
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};
use url::Host;

use super::SocketOptions;
use crate::client::Client;
use crate::config::AppConfig;
use crate::error::{Error, ErrorKind, Result};
use crate::policy::Target;

/// The stream a socket runs on.
pub(super) type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// Handshake request fields a script may not set (lower-case).
const FORBIDDEN: &[&str] = &[
    "host",
    "connection",
    "upgrade",
    "sec-websocket-key",
    "sec-websocket-version",
    "sec-websocket-accept",
    "sec-websocket-extensions",
    "content-length",
    "transfer-encoding",
    "te",
    "trailer",
    "expect",
    "keep-alive",
    "proxy-connection",
    "referer",
];

/// A validated socket: where to connect and what to send.
#[derive(Debug)]
pub(super) struct Prepared {
    /// The URL the policy admitted.
    pub target: Target,
    /// The upgrade request (all handshake fields set).
    pub request: Request,
    /// `wss`?
    pub tls: bool,
}

/// The one TLS client config of an app's sockets: the client's (ring, the
/// system roots plus `caCerts`) with ALPN limited to HTTP/1.1, which a
/// WebSocket upgrade needs.
pub(super) fn tls_config(client: &Client) -> Arc<rustls::ClientConfig> {
    let mut config = (*client.tls_config()).clone();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Arc::new(config)
}

/// Validates headers and sub-protocols and builds the upgrade request.
pub(super) fn prepare(cfg: &AppConfig, opts: &SocketOptions, target: Target) -> Result<Prepared> {
    let tls = match target.url.scheme() {
        "wss" => true,
        "ws" => false,
        _ => return Err(Error::new(ErrorKind::BadScheme, opts.url.clone())),
    };
    let mut url = target.url.clone();
    url.set_fragment(None);
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::new(ErrorKind::DomainRefused, opts.url.clone()));
    }
    let host = url
        .host_str()
        .ok_or_else(|| Error::new(ErrorKind::InvalidUrl, opts.url.clone()))?;
    let authority = match url.port() {
        Some(p) => format!("{host}:{p}"),
        None => host.to_string(),
    };

    let mut protocols: Vec<String> = Vec::new();
    for p in &opts.protocols {
        push_protocol(&mut protocols, p)?;
    }
    let mut extra: Vec<(http::HeaderName, http::HeaderValue)> = Vec::new();
    for (name, value) in &opts.headers {
        let hname = http::HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
            Error::param(format!(
                "parameter.header has an invalid field name {name:?};"
            ))
        })?;
        if value.contains(['\r', '\n', '\0']) {
            return Err(Error::param(format!(
                "parameter.header.{name} should not contain CR, LF or NUL;"
            )));
        }
        let hvalue = http::HeaderValue::from_str(value)
            .map_err(|_| Error::param(format!("parameter.header.{name} has an invalid value;")))?;
        if hname == http::header::SEC_WEBSOCKET_PROTOCOL {
            for p in value.split(',') {
                push_protocol(&mut protocols, p.trim())?;
            }
            continue;
        }
        if FORBIDDEN.contains(&hname.as_str()) {
            continue;
        }
        extra.push((hname, hvalue));
    }

    let uri: http::Uri = url
        .as_str()
        .parse()
        .map_err(|_| Error::new(ErrorKind::InvalidUrl, opts.url.clone()))?;
    let mut builder = http::Request::builder()
        .method("GET")
        .uri(uri)
        .header("Host", authority)
        .header("Connection", "Upgrade")
        .header("Upgrade", "websocket")
        .header("Sec-WebSocket-Version", "13")
        .header("Sec-WebSocket-Key", generate_key());
    if !protocols.is_empty() {
        builder = builder.header("Sec-WebSocket-Protocol", protocols.join(", "));
    }
    for (n, v) in extra {
        builder = builder.header(n, v);
    }
    let referer = cfg.referer(opts.dialect);
    builder = builder.header("Referer", referer);
    let request = builder
        .body(())
        .map_err(|e| Error::new(ErrorKind::InvalidUrl, format!("{}: {e}", opts.url)))?
        .into_client_request()
        .map_err(|e| Error::new(ErrorKind::InvalidUrl, format!("{}: {e}", opts.url)))?;
    Ok(Prepared {
        target,
        request,
        tls,
    })
}

fn push_protocol(list: &mut Vec<String>, p: &str) -> Result<()> {
    let token = !p.is_empty()
        && p.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
    if !token {
        return Err(Error::param(format!(
            "parameter.protocols should be tokens instead of {p:?};"
        )));
    }
    if !list.iter().any(|q| q == p) {
        list.push(p.to_string());
    }
    Ok(())
}

/// The addresses to try, vetted by the policy: an explicit `--resolve`
/// mapping wins; otherwise a system lookup whose results must each pass the
/// address check (no second lookup: the connection uses these).
async fn resolve(client: &Client, target: &Target) -> Result<Vec<SocketAddr>> {
    let port = target.port;
    let host = match target.url.host() {
        Some(Host::Ipv4(ip)) => return Ok(vec![SocketAddr::new(IpAddr::V4(ip), port)]),
        Some(Host::Ipv6(ip)) => return Ok(vec![SocketAddr::new(IpAddr::V6(ip), port)]),
        Some(Host::Domain(_)) => target.host.clone(),
        None => return Err(Error::new(ErrorKind::InvalidUrl, target.url.to_string())),
    };
    let policy = client.policy();
    if let Some(addr) = policy.resolve_override(&target.host, port) {
        return Ok(vec![addr]);
    }
    let found: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), port))
        .await
        .map_err(|e| Error::new(ErrorKind::Network, format!("cannot resolve {host}: {e}")))?
        .collect();
    if found.is_empty() {
        return Err(Error::new(
            ErrorKind::Network,
            format!("cannot resolve {host}"),
        ));
    }
    let mut refused = None;
    let mut ok = Vec::new();
    for addr in found {
        match policy.check_addr(&target.host, port, addr.ip()) {
            Ok(()) => ok.push(addr),
            Err(e) => refused = Some(e),
        }
    }
    match (ok.is_empty(), refused) {
        (true, Some(e)) => Err(e),
        _ => Ok(ok),
    }
}

/// Opens TCP (+TLS) to the vetted address and runs the upgrade.
pub(super) async fn open(
    client: &Client,
    tls: Arc<rustls::ClientConfig>,
    prepared: Prepared,
    tcp_no_delay: bool,
    max_message: usize,
) -> Result<(Ws, Response)> {
    let addrs = resolve(client, &prepared.target).await?;
    let tcp = crate::wire::tcp_connect(&addrs)
        .await
        .map_err(|e| io_error(&e))?;
    if tcp_no_delay {
        let _ = tcp.set_nodelay(true);
    }
    let stream = if prepared.tls {
        let name = match prepared.target.url.host() {
            Some(Host::Ipv4(ip)) => ServerName::IpAddress(IpAddr::V4(ip).into()),
            Some(Host::Ipv6(ip)) => ServerName::IpAddress(IpAddr::V6(ip).into()),
            Some(Host::Domain(d)) => ServerName::try_from(d.to_string())
                .map_err(|_| Error::new(ErrorKind::InvalidUrl, prepared.target.url.to_string()))?,
            None => {
                return Err(Error::new(
                    ErrorKind::InvalidUrl,
                    prepared.target.url.to_string(),
                ))
            }
        };
        let connector = tokio_rustls::TlsConnector::from(tls);
        let s = connector
            .connect(name, tcp)
            .await
            .map_err(|e| tls_error(&e))?;
        MaybeTlsStream::Rustls(s)
    } else {
        MaybeTlsStream::Plain(tcp)
    };
    let config = WebSocketConfig::default()
        .max_message_size(Some(max_message))
        .max_frame_size(Some(max_message))
        .read_buffer_size(READ_CHUNK);
    tokio_tungstenite::client_async_with_config(prepared.request, stream, Some(config))
        .await
        .map_err(|e| handshake_error(&e))
}

/// Most bytes tungstenite reads per call. It zero-fills this much of its read
/// buffer before every read attempt (also the ones that find nothing to
/// read), so its 128 KiB default cost ~10 µs of memset per echoed message;
/// 8 KiB still takes a TLS record in two reads.
const READ_CHUNK: usize = 8 * 1024;

/// An I/O failure while connecting.
fn io_error(e: &std::io::Error) -> Error {
    use std::io::ErrorKind as K;
    let detail = match e.kind() {
        K::ConnectionRefused => "connection refused".to_string(),
        K::ConnectionReset => "connection reset".to_string(),
        K::TimedOut => "connection timed out".to_string(),
        K::UnexpectedEof => "connection closed by the server".to_string(),
        _ => e.to_string(),
    };
    Error::new(ErrorKind::Network, detail)
}

/// A failure during the TLS handshake: a rustls error (certificate, protocol
/// alert) is `Tls`, a plain I/O failure is `Network`.
fn tls_error(e: &std::io::Error) -> Error {
    match e
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<rustls::Error>())
    {
        Some(tls) => Error::new(ErrorKind::Tls, format!("ssl hand shake error: {tls}")),
        None if e.kind() == std::io::ErrorKind::InvalidData => {
            Error::new(ErrorKind::Tls, format!("ssl hand shake error: {e}"))
        }
        None => io_error(e),
    }
}

/// A failure of the WebSocket upgrade.
fn handshake_error(e: &tungstenite::Error) -> Error {
    use tungstenite::Error as W;
    match e {
        W::Protocol(ProtocolError::SecWebSocketSubProtocolError(
            SubProtocolError::NoSubProtocol,
        )) => Error::new(
            ErrorKind::ProtocolMissing,
            "the server did not answer with a Sec-WebSocket-Protocol",
        ),
        W::Http(resp) => Error::new(
            ErrorKind::BadHandshake,
            format!(
                "unexpected handshake response status {}",
                resp.status().as_u16()
            ),
        ),
        W::Protocol(p) => Error::new(
            ErrorKind::BadHandshake,
            format!("invalid handshake response: {p}"),
        ),
        W::HttpFormat(h) => Error::new(
            ErrorKind::BadHandshake,
            format!("invalid handshake response: {h}"),
        ),
        W::Utf8(u) => Error::new(
            ErrorKind::BadHandshake,
            format!("invalid handshake response: {u}"),
        ),
        W::Io(io) => io_error(io),
        W::Tls(t) => Error::new(ErrorKind::Tls, format!("ssl hand shake error: {t}")),
        W::ConnectionClosed | W::AlreadyClosed => {
            Error::new(ErrorKind::Network, "connection closed by the server")
        }
        other => Error::new(ErrorKind::BadHandshake, other.to_string()),
    }
}
