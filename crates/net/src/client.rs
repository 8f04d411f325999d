//! The per-app client: one HTTP/1.1 keep-alive connection pool (plus an
//! HTTP/2-capable pool, built on first use, for calls with `enableHttp2`),
//! a vetting DNS resolver, the domain policy, the `my` cookie jar and the
//! shared request slots.
//!
//! - [`Client::request`] runs one `request` as a tokio task that reports
//!   [`Event`]s (SPEC §2).
//! - [`Client::send`] is the lower layer for the transfer code (uploadFile,
//!   downloadFile): one logical HTTP exchange with redirects handled by hand,
//!   each hop re-checked against the policy, the fixed Referer and the `my`
//!   cookie jar applied. Callers add the deadline and abort themselves.
//! - [`Client::acquire_slot`] hands out the shared concurrency slots of SPEC §9.
//!
//! Name resolution (in [`crate::wire`]'s connector): a `--resolve` rule for
//! the exact (host, port) wins and is trusted (no address check); every other
//! name is resolved and loopback / private / link-local answers are dropped
//! through [`DomainPolicy::check_addr`] (unless in dev mode); the connection
//! uses exactly the vetted addresses, so there is no second lookup.
//!
//! TLS: ring, TLS 1.2/1.3. ALPN `http/1.1` only by default (WeChat's
//! `enableHttp2` defaults to false); `h2` then `http/1.1` for the calls that
//! set it ([`RequestOptions::http2`]). Trusted: the `caCerts`
//! PEMs, then the system roots, which are loaded only when a server's issuer
//! is not among the configured CAs (so the common case pays nothing for them
//! at start-up).
//!
//! Request semantics worth knowing:
//! - the deadline (`timeout`, else the config default) starts when the request
//!   gets its slot and covers the whole exchange, body included
//!   ([`ErrorKind::Timeout`]);
//! - redirects follow the fetch standard for method changes: 301/302 turn a
//!   POST into a GET, 303 turns anything but GET/HEAD into a GET (body and
//!   `Content-*` headers dropped); other cases (307/308, PUT on 302...) keep
//!   method and body;
//! - the checks before any I/O run in this order: method token, headers,
//!   domain policy, data encoding; then the slot is taken.

use std::error::Error as StdError;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use http::header::{self, HeaderMap, HeaderValue};
use http::Method;
use tokio::sync::{Notify, OwnedSemaphorePermit, Semaphore};
use url::Url;

use crate::config::{AppConfig, Dialect};
use crate::cookies::CookieJar;
use crate::encoding;
use crate::error::{Error, ErrorKind, Result};
use crate::headers;
use crate::policy::{Api, DomainPolicy, RecentChecks, Target};
use crate::request::{
    event_queue, Event, EventSender, Redirect, RequestOptions, RequestTask, ResponseHead,
};
use crate::wire::{self, AddrRefused, HttpClient, ReqBody, Response};

/// Most redirect hops followed (SPEC §2).
pub const MAX_REDIRECTS: usize = 10;

/// Redirect bodies up to this size are read to keep the connection.
const DRAIN_LIMIT: u64 = 16 * 1024;

/// Events buffered between a request task and its reader (backpressure).
const EVENT_BUFFER: usize = 16;

/// HTTP/2 receive windows of a stream and of a connection (`enableHttp2`
/// only). The protocol's 64 KiB default windows (and the BDP-adaptive mode,
/// which starts there and grows slowly on a fast link) cap a bulk download at
/// a fraction of the link; fixed large windows keep a transfer streaming.
const H2_WINDOWS: (u32, u32) = (4 << 20, 8 << 20);

/// The network client of one app. Cheap to clone (one `Arc`).
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("appid", &self.inner.config.appid)
            .finish_non_exhaustive()
    }
}

struct Inner {
    config: AppConfig,
    policy: Arc<DomainPolicy>,
    /// The request URLs admitted lately (no parse on a repeat).
    recent: RecentChecks,
    /// Deadline timers of finished requests, for reuse.
    timers: TimerPool,
    /// The main HTTP client (HTTP/1.1 only).
    http: HttpClient,
    /// The same with `h2` offered by ALPN, for `enableHttp2` calls; built on
    /// first use so that start-up never pays for it.
    http2: OnceLock<HttpClient>,
    /// TLS of the sockets and the `h2` clients (ALPN `h2`, `http/1.1`).
    tls: Arc<rustls::ClientConfig>,
    referer_wx: HeaderValue,
    referer_my: HeaderValue,
    jar: Mutex<CookieJar>,
    jar_path: PathBuf,
    slots: Arc<Semaphore>,
    waiting: AtomicUsize,
}

/// A held request slot (SPEC §9); the slot is free again when this drops.
#[derive(Debug)]
pub struct SlotPermit {
    _permit: OwnedSemaphorePermit,
}

/// A request body for [`Client::send`].
#[derive(Debug, Default)]
pub enum SendBody {
    /// No body.
    #[default]
    Empty,
    /// A buffered body: sent with `Content-Length`, replayed on 307/308.
    Bytes(Bytes),
    /// A streamed body (uploads; [`ReqBody::stream`]). A redirect that would
    /// have to send it again (307/308, or 301/302 for non-POST) fails with
    /// [`ErrorKind::Network`].
    Stream(ReqBody),
}

/// One logical HTTP exchange for [`Client::send`].
#[derive(Debug)]
pub struct Outgoing {
    /// Domain list to check each hop against.
    pub api: Api,
    /// Calling dialect (policy matching, cookie jar).
    pub dialect: Dialect,
    /// Method.
    pub method: Method,
    /// The admitted first URL (from [`DomainPolicy::check`]). Its fragment is
    /// not sent.
    pub target: Target,
    /// Headers, usually from [`Client::prepare_headers`].
    pub headers: HeaderMap,
    /// Body.
    pub body: SendBody,
    /// Redirect mode.
    pub redirect: Redirect,
    /// Offer `h2` by ALPN (`enableHttp2`); else HTTP/1.1 only.
    pub http2: bool,
}

type CertDer = rustls::pki_types::CertificateDer<'static>;

fn load_roots(cfg: &AppConfig) -> Result<Vec<CertDer>> {
    let mut roots = Vec::new();
    for path in &cfg.ca_certs {
        let pem = std::fs::read(path).map_err(|e| {
            Error::new(
                ErrorKind::Tls,
                format!("cannot read CA certificate {}: {e}", path.display()),
            )
        })?;
        let before = roots.len();
        for cert in rustls_pemfile::certs(&mut pem.as_slice()) {
            roots.push(cert.map_err(|e| {
                Error::new(
                    ErrorKind::Tls,
                    format!("invalid CA certificate {}: {e}", path.display()),
                )
            })?);
        }
        if roots.len() == before {
            return Err(Error::new(
                ErrorKind::Tls,
                format!("no certificate in {}", path.display()),
            ));
        }
    }
    Ok(roots)
}

/// Server certificate verification: the configured CAs first; when they do
/// not know the issuer, the system roots, loaded on first need (so a client
/// that only talks to servers of the configured CAs never pays for loading
/// the system store).
#[derive(Debug)]
struct Verifier {
    provider: Arc<rustls::crypto::CryptoProvider>,
    configured: Option<Arc<rustls::client::WebPkiServerVerifier>>,
    system: std::sync::OnceLock<Option<Arc<rustls::client::WebPkiServerVerifier>>>,
}

impl Verifier {
    fn webpki(
        provider: &Arc<rustls::crypto::CryptoProvider>,
        roots: rustls::RootCertStore,
    ) -> Option<Arc<rustls::client::WebPkiServerVerifier>> {
        if roots.is_empty() {
            return None;
        }
        rustls::client::WebPkiServerVerifier::builder_with_provider(
            Arc::new(roots),
            provider.clone(),
        )
        .build()
        .ok()
    }

    fn system(&self) -> Option<&Arc<rustls::client::WebPkiServerVerifier>> {
        self.system
            .get_or_init(|| {
                let mut store = rustls::RootCertStore::empty();
                store.add_parsable_certificates(rustls_native_certs::load_native_certs().certs);
                Self::webpki(&self.provider, store)
            })
            .as_ref()
    }
}

impl rustls::client::danger::ServerCertVerifier for Verifier {
    fn verify_server_cert(
        &self,
        end_entity: &rustls::pki_types::CertificateDer<'_>,
        intermediates: &[rustls::pki_types::CertificateDer<'_>],
        server_name: &rustls::pki_types::ServerName<'_>,
        ocsp_response: &[u8],
        now: rustls::pki_types::UnixTime,
    ) -> std::result::Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
        let unknown = rustls::Error::InvalidCertificate(rustls::CertificateError::UnknownIssuer);
        if let Some(v) = &self.configured {
            match v.verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now) {
                Err(e) if e == unknown => {}
                other => return other,
            }
        }
        match self.system() {
            Some(v) => {
                v.verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
            }
            None => Err(unknown),
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> std::result::Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> std::result::Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

/// The rustls client configuration of an app: ring, TLS 1.2 and 1.3, the
/// configured CAs then the system roots, ALPN `h2` then `http/1.1`.
fn tls_config(roots: Vec<CertDer>) -> Result<rustls::ClientConfig> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut store = rustls::RootCertStore::empty();
    for cert in roots {
        store
            .add(cert)
            .map_err(|e| Error::new(ErrorKind::Tls, format!("invalid CA certificate: {e}")))?;
    }
    let verifier = Verifier {
        configured: Verifier::webpki(&provider, store),
        provider: provider.clone(),
        system: std::sync::OnceLock::new(),
    };
    let mut tls = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::new(ErrorKind::Tls, e.to_string()))?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    tls.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(tls)
}

fn referer_value(cfg: &AppConfig, dialect: Dialect) -> HeaderValue {
    HeaderValue::from_str(&cfg.referer(dialect))
        .unwrap_or_else(|_| HeaderValue::from_static("https://servicewechat.com/"))
}

impl Client {
    /// Builds the client of the app `config` describes: loads the CA files of
    /// `ca_certs` (an unreadable or invalid file is an [`ErrorKind::Tls`]
    /// error), pins the `resolve` rules, loads the `my` cookie jar from
    /// `data_dir/cookies.json`.
    pub fn new(config: AppConfig) -> Result<Self> {
        crate::install_crypto_provider();
        let policy = Arc::new(DomainPolicy::new(&config));
        let roots = load_roots(&config)?;
        let tls = tls_config(roots)?;
        let mut h1 = tls.clone();
        h1.alpn_protocols = vec![b"http/1.1".to_vec()];
        let tls_h1 = Arc::new(h1);
        let tls = Arc::new(tls);
        let http = wire::build(tls_h1, policy.clone(), config.url_check, H2_WINDOWS);
        let jar_path = config.data_dir.join("cookies.json");
        let jar = CookieJar::load(&jar_path);
        let slots = Arc::new(Semaphore::new(
            config
                .limits
                .max_concurrent_requests
                .clamp(1, Semaphore::MAX_PERMITS),
        ));
        Ok(Client {
            inner: Arc::new(Inner {
                referer_wx: referer_value(&config, Dialect::Wx),
                referer_my: referer_value(&config, Dialect::My),
                config,
                policy,
                recent: RecentChecks::default(),
                timers: TimerPool::default(),
                http,
                http2: OnceLock::new(),
                tls,
                jar: Mutex::new(jar),
                jar_path,
                slots,
                waiting: AtomicUsize::new(0),
            }),
        })
    }

    /// The app's configuration.
    pub fn config(&self) -> &AppConfig {
        &self.inner.config
    }

    /// The app's domain policy.
    pub fn policy(&self) -> &DomainPolicy {
        &self.inner.policy
    }

    /// The app's TLS client configuration (ring; the `caCerts` CAs, then the
    /// system roots loaded on first need; ALPN `h2`, `http/1.1`), for other
    /// TLS clients of the app (WebSockets: set `alpn_protocols` as needed on a
    /// clone).
    pub fn tls_config(&self) -> Arc<rustls::ClientConfig> {
        self.inner.tls.clone()
    }

    /// The fixed Referer of `dialect`.
    pub fn referer(&self, dialect: Dialect) -> &HeaderValue {
        match dialect {
            Dialect::Wx => &self.inner.referer_wx,
            Dialect::My => &self.inner.referer_my,
        }
    }

    /// Builds request headers from the script's list (SPEC §2): host-owned
    /// names dropped, CR/LF/NUL and invalid names rejected
    /// ([`ErrorKind::Param`]), the fixed Referer, `Accept-Encoding`, and
    /// `content-type: application/json` when `json_content_type` and the
    /// script set none.
    pub fn prepare_headers(
        &self,
        dialect: Dialect,
        user: &[(String, String)],
        json_content_type: bool,
    ) -> Result<HeaderMap> {
        headers::build(
            user,
            headers::Defaults {
                referer: self.referer(dialect),
                json_content_type,
            },
        )
    }

    /// Takes one of the shared request / uploadFile / downloadFile slots
    /// (SPEC §9). Waits in FIFO order when all are busy; fails at once with
    /// [`ErrorKind::QueueFull`] when `max_queued_requests` tasks already wait.
    /// Cancel-safe: dropping the future leaves the queue.
    pub async fn acquire_slot(&self) -> Result<SlotPermit> {
        let inner = &self.inner;
        if let Ok(p) = inner.slots.clone().try_acquire_owned() {
            return Ok(SlotPermit { _permit: p });
        }
        let max = inner.config.limits.max_queued_requests;
        if inner
            .waiting
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |w| {
                (w < max).then_some(w + 1)
            })
            .is_err()
        {
            return Err(Error::new(
                ErrorKind::QueueFull,
                format!("more than {max} tasks waiting"),
            ));
        }
        struct Waiting<'a>(&'a AtomicUsize);
        impl Drop for Waiting<'_> {
            fn drop(&mut self) {
                self.0.fetch_sub(1, Ordering::AcqRel);
            }
        }
        let _w = Waiting(&inner.waiting);
        let p = inner
            .slots
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| Error::new(ErrorKind::Interrupted, "client closed"))?;
        Ok(SlotPermit { _permit: p })
    }

    /// Tasks waiting for a slot now.
    pub fn queued(&self) -> usize {
        self.inner.waiting.load(Ordering::Acquire)
    }

    /// Slots free now.
    pub fn free_slots(&self) -> usize {
        self.inner.slots.available_permits()
    }

    /// The HTTP client: HTTP/1.1 only unless `http2` (then `h2` is offered by
    /// ALPN).
    fn http(&self, http2: bool) -> &HttpClient {
        let inner = &self.inner;
        if !http2 {
            return &inner.http;
        }
        inner.http2.get_or_init(|| {
            wire::build(
                inner.tls.clone(),
                inner.policy.clone(),
                inner.config.url_check,
                H2_WINDOWS,
            )
        })
    }

    /// The `Cookie` value the `my` jar has for `url`.
    pub fn jar_cookie(&self, url: &Url) -> Option<String> {
        let jar = self.inner.jar.lock().unwrap_or_else(|p| p.into_inner());
        jar.header_for(url)
    }

    /// Stores the `Set-Cookie` fields of a response to `url` in the `my` jar
    /// and persists the jar when it changed.
    pub fn store_cookies(&self, url: &Url, fields: &HeaderMap) {
        let mut values = fields.get_all(header::SET_COOKIE).iter().peekable();
        if values.peek().is_none() {
            return;
        }
        let mut jar = self.inner.jar.lock().unwrap_or_else(|p| p.into_inner());
        let changed = jar.store(url, values.filter_map(|v| v.to_str().ok()));
        if changed {
            if let Err(e) = jar.save(&self.inner.jar_path) {
                tracing::warn!(
                    "cannot save cookie jar {}: {e}",
                    self.inner.jar_path.display()
                );
            }
        }
    }

    /// Sends one logical request: each hop checked with the policy (the first
    /// by the caller, who got `target` from [`DomainPolicy::check`]), redirects
    /// followed by hand (at most [`MAX_REDIRECTS`]; `https` → `http` never;
    /// 301/302 for POST and 303 for anything but GET/HEAD become GET without
    /// body, other cases keep method and body; `Cookie` / `Authorization`
    /// dropped when the origin changes; the Referer stays fixed), the `my`
    /// jar's cookies added unless the caller set `Cookie`, and every hop's
    /// `Set-Cookie` stored in the `my` jar. Returns the final response, body
    /// unread. No deadline: wrap it in one.
    pub async fn send(&self, out: Outgoing) -> Result<Response> {
        let Outgoing {
            api,
            dialect,
            mut method,
            target,
            mut headers,
            body,
            redirect,
            http2,
        } = out;
        let use_jar = dialect == Dialect::My;
        let mut jar_cookie = use_jar && !headers.contains_key(header::COOKIE);
        let Target {
            mut url,
            mut host,
            mut port,
        } = target;
        url.set_fragment(None);
        let mut body = Some(body);
        for hop in 0..=MAX_REDIRECTS {
            if jar_cookie {
                headers.remove(header::COOKIE);
                if let Some(c) = self.jar_cookie(&url) {
                    if let Ok(v) = HeaderValue::from_str(&c) {
                        headers.insert(header::COOKIE, v);
                    }
                }
            }
            let uri: http::Uri = url
                .as_str()
                .parse()
                .map_err(|_| Error::new(ErrorKind::InvalidUrl, url.as_str()))?;
            let mut req_headers = headers.clone();
            let (req_body, replayable) = match body.take() {
                Some(SendBody::Empty) | None => {
                    body = Some(SendBody::Empty);
                    (ReqBody::Empty, true)
                }
                Some(SendBody::Bytes(b)) => {
                    // SPEC §2: a buffered body goes with Content-Length, an
                    // empty one too (hyper omits `content-length: 0`).
                    if b.is_empty() {
                        req_headers.insert(header::CONTENT_LENGTH, HeaderValue::from_static("0"));
                    }
                    let r = ReqBody::Full(Some(b.clone()));
                    body = Some(SendBody::Bytes(b));
                    (r, true)
                }
                Some(SendBody::Stream(s)) => (s, false),
            };
            let mut req = http::Request::new(req_body);
            *req.method_mut() = method.clone();
            *req.uri_mut() = uri;
            *req.headers_mut() = req_headers;
            let head_only = method == Method::HEAD;
            let (resp, back) = self
                .http(http2)
                .request(req)
                .await
                .map_err(|e| classify(&*e))?;
            let mut resp = Response::new(resp, back, url, head_only);
            if use_jar {
                self.store_cookies(resp.url(), resp.headers());
            }
            let status = resp.status().as_u16();
            if redirect == Redirect::Manual || !matches!(status, 301 | 302 | 303 | 307 | 308) {
                return Ok(resp);
            }
            let Some(location) = resp.headers().get(header::LOCATION) else {
                return Ok(resp);
            };
            if hop == MAX_REDIRECTS {
                return Err(Error::new(
                    ErrorKind::TooManyRedirects,
                    format!("more than {MAX_REDIRECTS} redirects"),
                ));
            }
            let location = headers::value_text(location);
            let mut next = resp.url().join(&location).map_err(|_| {
                Error::new(
                    ErrorKind::Network,
                    format!("invalid redirect location {location:?}"),
                )
            })?;
            if resp.url().scheme() == "https" && next.scheme() == "http" {
                return Err(Error::new(ErrorKind::InsecureScheme, next.as_str()));
            }
            // An absolute Location is checked from its text (the `wx` rule on
            // explicit ports needs it); a relative one as the joined URL.
            let t = if Url::parse(&location).is_ok() {
                self.inner.policy.check(api, dialect, &location)?
            } else {
                next.set_fragment(None);
                self.inner.policy.check_url(api, dialect, &next)?
            };
            let to_get = (matches!(status, 301 | 302) && method == Method::POST)
                || (status == 303 && method != Method::GET && method != Method::HEAD);
            if to_get {
                method = Method::GET;
                body = Some(SendBody::Empty);
                for h in [
                    header::CONTENT_TYPE,
                    header::CONTENT_ENCODING,
                    header::CONTENT_LANGUAGE,
                    header::CONTENT_LOCATION,
                ] {
                    headers.remove(h);
                }
            } else if !replayable {
                return Err(Error::new(
                    ErrorKind::Network,
                    format!("cannot resend a streamed body for a {status} redirect"),
                ));
            }
            if t.host != host || t.port != port || t.url.scheme() != resp.url().scheme() {
                headers.remove(header::COOKIE);
                headers.remove(header::AUTHORIZATION);
                headers.remove(header::PROXY_AUTHORIZATION);
                jar_cookie = use_jar;
            }
            // A small redirect body is read so that an HTTP/1 connection can
            // go back to the pool; a large one is dropped with it.
            if resp.content_length().is_some_and(|n| n <= DRAIN_LIMIT) {
                while let Ok(Some(_)) = resp.chunk().await {}
            }
            url = t.url;
            url.set_fragment(None);
            host = t.host;
            port = t.port;
        }
        // The loop returns on every path; this is only reached if
        // MAX_REDIRECTS were usize::MAX.
        Err(Error::new(
            ErrorKind::TooManyRedirects,
            "too many redirects",
        ))
    }

    /// Starts a request on the current tokio runtime (SPEC §2) and returns its
    /// task at once. Events: `Headers`, `Chunk`s (every non-empty decoded
    /// piece), then exactly one `Done` / `Failed`. Called outside a tokio
    /// runtime, the task fails with [`ErrorKind::Network`].
    pub fn request(&self, opts: RequestOptions) -> RequestTask {
        let (tx, rx) = event_queue(EVENT_BUFFER);
        let abort = Arc::new(Notify::new());
        let task = RequestTask::new(rx, abort.clone());
        match tokio::runtime::Handle::try_current() {
            Ok(rt) => {
                rt.spawn(run(self.clone(), opts, tx, abort));
            }
            Err(_) => {
                tx.try_send(Event::Failed(Error::new(
                    ErrorKind::Network,
                    "no async runtime",
                )));
            }
        }
        task
    }

    /// Everything before the first I/O: headers, policy, data encoding.
    fn prepare(&self, opts: RequestOptions) -> Result<(Outgoing, Duration, bool)> {
        let method = Method::from_bytes(opts.method.as_bytes())
            .map_err(|_| Error::param(format!("invalid method {:?}", opts.method)))?;
        let headers = self.prepare_headers(opts.dialect, &opts.headers, true)?;
        let mut target =
            self.inner
                .recent
                .check(&self.inner.policy, opts.api, opts.dialect, &opts.url)?;
        let urlencoded = headers::content_type(&headers).is_some_and(encoding::is_urlencoded);
        let body = encoding::apply(&mut target.url, method.as_str(), urlencoded, opts.data)?;
        let timeout = opts
            .timeout
            .unwrap_or_else(|| self.inner.config.default_timeout(opts.api, opts.dialect));
        Ok((
            Outgoing {
                api: opts.api,
                dialect: opts.dialect,
                method,
                target,
                headers,
                body: body.map_or(SendBody::Empty, SendBody::Bytes),
                redirect: opts.redirect,
                http2: opts.http2,
            },
            timeout,
            opts.streaming,
        ))
    }

    /// The request from policy check to the end of the body.
    async fn drive(&self, opts: RequestOptions, tx: &EventSender) -> Outcome {
        let (out, timeout, streaming) = match self.prepare(opts) {
            Ok(p) => p,
            Err(e) => return Outcome::Failed(e),
        };
        let _slot = match self.acquire_slot().await {
            Ok(s) => s,
            Err(e) => return Outcome::Failed(e),
        };
        let deadline = tokio::time::Instant::now() + timeout;
        let mut timer = self.inner.timers.take(deadline);
        let outcome = tokio::select! {
            biased;
            o = self.exchange(out, streaming, tx) => o,
            () = timer.as_mut() => Outcome::Failed(Error::new(
                ErrorKind::Timeout,
                format!("no complete response within {} ms", timeout.as_millis()),
            )),
        };
        self.inner.timers.put(timer);
        outcome
    }

    async fn exchange(&self, out: Outgoing, streaming: bool, tx: &EventSender) -> Outcome {
        let mut resp = match self.send(out).await {
            Ok(r) => r,
            Err(e) => return Outcome::Failed(e),
        };
        let limit = self.inner.config.limits.max_buffered_body;
        let head = ResponseHead {
            status: resp.status().as_u16(),
            fields: resp.take_headers(),
        };
        if tx.send(Event::Headers(head)).await.is_err() {
            return Outcome::Gone;
        }
        if !streaming && resp.content_length().is_some_and(|n| n > limit) {
            return Outcome::Failed(too_large(limit));
        }
        let mut parts: Vec<Bytes> = Vec::new();
        let mut total: u64 = 0;
        loop {
            let chunk = match resp.chunk().await {
                Ok(Some(c)) => c,
                Ok(None) => break,
                Err(e) => return Outcome::Failed(e),
            };
            if chunk.is_empty() {
                continue;
            }
            if !streaming {
                total += chunk.len() as u64;
                if total > limit {
                    return Outcome::Failed(too_large(limit));
                }
                parts.push(chunk.clone());
            }
            if tx.send(Event::Chunk(chunk)).await.is_err() {
                return Outcome::Gone;
            }
        }
        drop(resp);
        Outcome::Done(concat(parts, total))
    }
}

/// Request deadline timers, kept for the next request. A new tokio timer
/// goes into the timer wheel, and when its deadline is earlier than the one
/// the driver last planned to wake for, tokio wakes its own driver (an
/// eventfd write and one more `epoll_wait` per request on this path); moving
/// a registered timer to a later deadline is one atomic store. Requests
/// with the usual timeout always move it later.
#[derive(Default)]
struct TimerPool(Mutex<Vec<Pin<Box<tokio::time::Sleep>>>>);

impl TimerPool {
    /// Timers kept at most (more than the request slots is never needed).
    const MAX: usize = 64;

    /// A timer set to `deadline`.
    fn take(&self, deadline: tokio::time::Instant) -> Pin<Box<tokio::time::Sleep>> {
        let reused = self.0.lock().unwrap_or_else(|p| p.into_inner()).pop();
        match reused {
            Some(mut t) => {
                t.as_mut().reset(deadline);
                t
            }
            None => Box::pin(tokio::time::sleep_until(deadline)),
        }
    }

    /// Gives a timer back.
    fn put(&self, t: Pin<Box<tokio::time::Sleep>>) {
        let mut pool = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if pool.len() < Self::MAX {
            pool.push(t);
        }
    }
}

fn too_large(limit: u64) -> Error {
    Error::new(
        ErrorKind::BodyTooLarge,
        format!("response body over {limit} bytes"),
    )
}

fn concat(mut parts: Vec<Bytes>, total: u64) -> Bytes {
    match parts.len() {
        0 => Bytes::new(),
        1 => parts.pop().unwrap_or_default(),
        _ => {
            let mut buf = BytesMut::with_capacity(total as usize);
            for p in &parts {
                buf.extend_from_slice(p);
            }
            buf.freeze()
        }
    }
}

enum Outcome {
    Done(Bytes),
    Failed(Error),
    /// The reader dropped the task: send nothing more.
    Gone,
}

async fn run(client: Client, opts: RequestOptions, tx: EventSender, abort: Arc<Notify>) {
    let outcome = tokio::select! {
        biased;
        _ = abort.notified() => Outcome::Failed(Error::new(ErrorKind::Aborted, "abort")),
        _ = tx.closed() => Outcome::Gone,
        o = client.drive(opts, &tx) => o,
    };
    let ev = match outcome {
        Outcome::Done(body) => Event::Done { body },
        Outcome::Failed(e) => Event::Failed(e),
        Outcome::Gone => return,
    };
    let _ = tx.send(ev).await;
}

/// The deepest useful text of an error chain.
fn error_chain_text(e: &(dyn StdError + 'static)) -> String {
    let mut last = e.to_string();
    let mut cur = e.source();
    while let Some(s) = cur {
        let t = s.to_string();
        if !t.is_empty() {
            last = t;
        }
        cur = s.source();
    }
    last
}

/// Classifies an error chain: policy refusal, TLS, or network with a short
/// readable detail. `io::Error`s are looked into (their `source()` skips the
/// wrapped error, and TLS errors come as an io error inside an io error).
pub(crate) fn classify(e: &(dyn StdError + 'static)) -> Error {
    let mut cur: Option<&(dyn StdError + 'static)> = Some(e);
    let mut io_detail: Option<String> = None;
    // Chains are short; the bound only guards against a cyclic `source()`.
    for _ in 0..32 {
        let Some(err) = cur else { break };
        if let Some(r) = err.downcast_ref::<AddrRefused>() {
            return Error::new(ErrorKind::DomainRefused, r.0.clone());
        }
        if let Some(t) = err.downcast_ref::<rustls::Error>() {
            return Error::new(ErrorKind::Tls, t.to_string());
        }
        if let Some(io) = err.downcast_ref::<std::io::Error>() {
            use std::io::ErrorKind as K;
            let d = match io.kind() {
                K::ConnectionRefused => Some("connection refused".to_string()),
                K::ConnectionReset => Some("connection reset".to_string()),
                K::ConnectionAborted => Some("connection aborted".to_string()),
                K::TimedOut => Some("connection timed out".to_string()),
                K::UnexpectedEof => Some("connection closed before message completed".to_string()),
                _ if io.get_ref().is_some() => None,
                _ => Some(io.to_string()),
            };
            if let Some(d) = d {
                io_detail = Some(d);
            }
            if let Some(inner) = io.get_ref() {
                cur = Some(inner as &(dyn StdError + 'static));
                continue;
            }
        }
        cur = err.source();
    }
    let detail = io_detail.unwrap_or_else(|| error_chain_text(e));
    Error::new(ErrorKind::Network, detail)
}
