//! `uploadFile` and `downloadFile` (SPEC §3, §4): streamed from and to the
//! app's [`Sandbox`], with running-total progress, abort, a total deadline and
//! the shared request slots.
//!
//! Both run as a tokio task on the current runtime and report
//! [`TransferEvent`]s through a [`TransferTask`]: `Headers` once the final
//! response head arrives (after redirects), `Progress` running totals
//! (monotonic; the last one is at 100 %), then exactly one terminal event,
//! `Done` or `Failed`.
//!
//! Before any I/O: the URL is checked against the app's `uploadFile` /
//! `downloadFile` domain list and the script's headers are validated; every
//! redirect hop is re-checked ([`Client::send`]). The task holds one of the
//! shared slots (SPEC §9) from the first byte to the end.
//!
//! Upload: `multipart/form-data`, built by hand. The `formData` entries come
//! first as text parts, then the file under `name`, with the file's base name
//! and a content type guessed from its extension. Quotes, CR and LF in names
//! are escaped as `%22`, `%0D`, `%0A` (as browsers do). The file is read in
//! 128 KiB pieces as the connection takes them, never whole; the body has a
//! `Content-Length` so progress has a known total.
//!
//! Download: the decoded body streams into a `.part` file in the run's temp
//! dir, renamed on success to a fresh temp path (extension from the URL path,
//! else from the `Content-Type`) or to the script's `filePath` (which must be
//! under the user data path). Any status code is saved. More than
//! `limits.maxDownloadBytes` decoded bytes fails with
//! [`ErrorKind::FileTooLarge`]. Aborted, failed, truncated or oversized
//! downloads leave no file behind.
//!
//! ```no_run
//! # async fn demo() -> Result<(), minihost_net::Error> {
//! use std::sync::Arc;
//! use minihost_net::sandbox::Sandbox;
//! use minihost_net::transfer::{DownloadOptions, TransferEvent, TransferExt};
//! use minihost_net::{AppConfig, Client};
//! let cfg = AppConfig::default();
//! let sandbox = Arc::new(Sandbox::new(&cfg.data_dir)?);
//! let client = Client::new(cfg)?;
//! let mut task = client.download(sandbox, DownloadOptions::new("https://cdn.example.com/a.png"));
//! while let Some(ev) = task.next().await {
//!     if let TransferEvent::Progress { written, expected } = ev {
//!         println!("{written} of {expected:?}");
//!     }
//! }
//! # Ok(()) }
//! ```

use std::fs::File;
use std::future::Future;
use std::os::unix::fs::FileExt;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::{BufMut, Bytes, BytesMut};
use http::header::{self, HeaderValue};
use http::Method;
use tokio::sync::{mpsc, Notify};
use tokio::task::JoinHandle;

use crate::client::{Client, Outgoing, SendBody};
use crate::config::Dialect;
use crate::error::{Error, ErrorKind};
use crate::policy::Api;
use crate::request::{Redirect, ResponseHead};
use crate::sandbox::{OpenedFile, Sandbox, SaveTarget};
use crate::wire::ReqBody;

/// Events buffered between a transfer task and its reader (backpressure).
const EVENT_BUFFER: usize = 32;
/// Size of one read from the file being uploaded.
const UPLOAD_CHUNK: usize = 128 * 1024;
/// Without a known total, a download reports progress every this many bytes.
const UNKNOWN_PROGRESS_STEP: u64 = 256 * 1024;
/// A download is written to disk in pieces of about this size (an HTTP/2
/// body arrives in frames of 16 KiB or less: one blocking-pool write each
/// would cap the transfer).
const DOWNLOAD_WRITE: usize = 512 * 1024;

/// What a transfer reports, in order: `Headers`, `Progress`* (running totals),
/// then exactly one of `Done` / `Failed`. An upload's progress all comes
/// before its `Headers`; a download's after.
#[derive(Debug)]
pub enum TransferEvent {
    /// The final response head arrived (after redirects).
    Headers(ResponseHead),
    /// Bytes sent (upload: the whole multipart body) or written to disk
    /// (download: decoded bytes) so far, and the total when known. Monotonic.
    /// The last progress event of a successful transfer has
    /// `expected == Some(written)` (for a download without a known length,
    /// that last event is the first to carry a total).
    Progress {
        /// Running total.
        written: u64,
        /// Total, when known.
        expected: Option<u64>,
    },
    /// The transfer finished.
    Done(TransferDone),
    /// The transfer failed (also on abort: [`ErrorKind::Aborted`]).
    Failed(Error),
}

impl TransferEvent {
    /// True for `Done` and `Failed`.
    pub fn is_terminal(&self) -> bool {
        matches!(self, TransferEvent::Done(_) | TransferEvent::Failed(_))
    }
}

/// The result of a finished transfer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransferDone {
    /// An upload's response.
    Upload(UploadDone),
    /// A saved download.
    Download(DownloadDone),
}

/// An upload's response: `{data, statusCode, header}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadDone {
    /// Status, headers and cookies of the response.
    pub head: ResponseHead,
    /// The response body as text (UTF-8, invalid sequences replaced).
    pub body: String,
}

/// A saved download: `{tempFilePath | filePath, statusCode, header}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DownloadDone {
    /// Status, headers and cookies of the response.
    pub head: ResponseHead,
    /// The virtual path of the saved file (temp path in the caller's
    /// dialect, or the `filePath` as given).
    pub path: String,
    /// Where it really is on the host.
    pub real_path: PathBuf,
    /// Its size in bytes.
    pub size: u64,
}

/// An `uploadFile` call, already validated for types.
#[derive(Debug)]
pub struct UploadOptions {
    /// The URL as given.
    pub url: String,
    /// The file, opened with [`Sandbox::open_for_upload`].
    pub file: OpenedFile,
    /// The form field name of the file part (`name` / `fileName`).
    pub name: String,
    /// `formData` entries, sent first as text parts, in order.
    pub form_data: Vec<(String, String)>,
    /// Script headers (names as given).
    pub headers: Vec<(String, String)>,
    /// `None`: `networkTimeout.uploadFile`, else 60 s.
    pub timeout: Option<Duration>,
    /// Calling dialect.
    pub dialect: Dialect,
    /// `enableHttp2`: offer `h2` by ALPN; default HTTP/1.1 only.
    pub http2: bool,
}

/// A `downloadFile` call, already validated for types.
#[derive(Debug, Clone)]
pub struct DownloadOptions {
    /// The URL as given.
    pub url: String,
    /// Script headers (names as given).
    pub headers: Vec<(String, String)>,
    /// `None`: `networkTimeout.downloadFile`, else 60 s.
    pub timeout: Option<Duration>,
    /// Calling dialect (decides the temp path's form).
    pub dialect: Dialect,
    /// `filePath`: save here (a user data path) instead of a temp file.
    pub file_path: Option<String>,
    /// `enableHttp2`: offer `h2` by ALPN; default HTTP/1.1 only.
    pub http2: bool,
}

impl DownloadOptions {
    /// A `wx` download of `url` with defaults.
    pub fn new(url: &str) -> Self {
        DownloadOptions {
            url: url.to_string(),
            headers: Vec::new(),
            timeout: None,
            dialect: Dialect::Wx,
            file_path: None,
            http2: false,
        }
    }
}

/// A running upload or download. Dropping it cancels the transfer (nothing
/// more is reported; a download's partial file is removed);
/// [`TransferTask::abort`] cancels it with a `Failed(Aborted)` terminal event.
#[derive(Debug)]
pub struct TransferTask {
    events: mpsc::Receiver<TransferEvent>,
    abort: Arc<Notify>,
    aborted: AtomicBool,
    ended: bool,
}

impl TransferTask {
    /// The next event; `None` after the terminal event.
    ///
    /// After [`TransferTask::abort`], queued `Headers` and `Progress` events
    /// are skipped: the next event is the terminal one.
    pub async fn next(&mut self) -> Option<TransferEvent> {
        if self.ended {
            return None;
        }
        loop {
            let ev = self.events.recv().await?;
            if ev.is_terminal() {
                self.ended = true;
                return Some(ev);
            }
            if !self.aborted.load(Ordering::Relaxed) {
                return Some(ev);
            }
        }
    }

    /// Cancels the transfer at once (connection dropped, partial file
    /// removed). If it has not ended, its terminal event is
    /// `Failed(Aborted)`; after the end it does nothing.
    pub fn abort(&self) {
        self.aborted.store(true, Ordering::Relaxed);
        self.abort.notify_one();
    }

    /// True once [`TransferTask::abort`] was called.
    pub fn is_aborted(&self) -> bool {
        self.aborted.load(Ordering::Relaxed)
    }
}

/// `uploadFile` / `downloadFile` as methods of [`Client`].
pub trait TransferExt {
    /// Starts an upload; see [`upload`].
    fn upload(&self, opts: UploadOptions) -> TransferTask;
    /// Starts a download into `sandbox`; see [`download`].
    fn download(&self, sandbox: Arc<Sandbox>, opts: DownloadOptions) -> TransferTask;
}

impl TransferExt for Client {
    fn upload(&self, opts: UploadOptions) -> TransferTask {
        upload(self, opts)
    }

    fn download(&self, sandbox: Arc<Sandbox>, opts: DownloadOptions) -> TransferTask {
        download(self, sandbox, opts)
    }
}

/// Starts an upload on the current tokio runtime and returns its task at once.
pub fn upload(client: &Client, opts: UploadOptions) -> TransferTask {
    spawn(move |tx| {
        let client = client.clone();
        async move { run_upload(client, opts, tx).await }
    })
}

/// Starts a download into `sandbox` on the current tokio runtime and returns
/// its task at once.
pub fn download(client: &Client, sandbox: Arc<Sandbox>, opts: DownloadOptions) -> TransferTask {
    spawn(move |tx| {
        let client = client.clone();
        async move { run_download(client, sandbox, opts, tx).await }
    })
}

fn spawn<F, Fut>(make: F) -> TransferTask
where
    F: FnOnce(mpsc::Sender<TransferEvent>) -> Fut,
    Fut: std::future::Future<Output = Outcome> + Send + 'static,
{
    let (tx, rx) = mpsc::channel(EVENT_BUFFER);
    let abort = Arc::new(Notify::new());
    let task = TransferTask {
        events: rx,
        abort: abort.clone(),
        aborted: AtomicBool::new(false),
        ended: false,
    };
    let work = make(tx.clone());
    match tokio::runtime::Handle::try_current() {
        Ok(rt) => {
            rt.spawn(async move {
                let outcome = tokio::select! {
                    biased;
                    _ = abort.notified() => Outcome::Failed(Error::new(ErrorKind::Aborted, "abort")),
                    _ = tx.closed() => Outcome::Gone,
                    o = work => o,
                };
                let ev = match outcome {
                    Outcome::Done(d) => TransferEvent::Done(d),
                    Outcome::Failed(e) => TransferEvent::Failed(e),
                    Outcome::Gone => return,
                };
                let _ = tx.send(ev).await;
            });
        }
        Err(_) => {
            drop(work);
            let _ = tx.try_send(TransferEvent::Failed(Error::new(
                ErrorKind::Network,
                "no async runtime",
            )));
        }
    }
    task
}

enum Outcome {
    Done(TransferDone),
    Failed(Error),
    /// The reader dropped the task: report nothing more.
    Gone,
}

impl From<Error> for Outcome {
    fn from(e: Error) -> Self {
        Outcome::Failed(e)
    }
}

fn timeout_error(t: Duration) -> Error {
    Error::new(
        ErrorKind::Timeout,
        format!("not finished within {} ms", t.as_millis()),
    )
}

// ---------------------------------------------------------------------------
// Upload

/// Escapes a multipart name or file name as browsers do: `"` → `%22`,
/// CR → `%0D`, LF → `%0A`.
pub fn escape_part_name(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("%22"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c => out.push(c),
        }
    }
    out
}

fn boundary() -> String {
    use std::collections::hash_map::RandomState;
    use std::hash::{BuildHasher, Hasher};
    let mut h = RandomState::new().build_hasher();
    h.write_u64(0x6d69_6e69_686f_7374);
    let a = h.finish();
    let mut h = RandomState::new().build_hasher();
    h.write_u64(a);
    format!("----MinihostFormBoundary{:016x}{:016x}", a, h.finish())
}

/// The multipart body around the file: `(prefix, suffix)`.
fn multipart_frame(
    boundary: &str,
    form_data: &[(String, String)],
    name: &str,
    file_name: &str,
) -> (Bytes, Bytes) {
    let mut pre = BytesMut::new();
    for (k, v) in form_data {
        pre.put_slice(b"--");
        pre.put_slice(boundary.as_bytes());
        pre.put_slice(b"\r\nContent-Disposition: form-data; name=\"");
        pre.put_slice(escape_part_name(k).as_bytes());
        pre.put_slice(b"\"\r\n\r\n");
        pre.put_slice(v.as_bytes());
        pre.put_slice(b"\r\n");
    }
    let mime = mime_guess::from_path(file_name).first_or_octet_stream();
    pre.put_slice(b"--");
    pre.put_slice(boundary.as_bytes());
    pre.put_slice(b"\r\nContent-Disposition: form-data; name=\"");
    pre.put_slice(escape_part_name(name).as_bytes());
    pre.put_slice(b"\"; filename=\"");
    pre.put_slice(escape_part_name(file_name).as_bytes());
    pre.put_slice(b"\"\r\nContent-Type: ");
    pre.put_slice(mime.essence_str().as_bytes());
    pre.put_slice(b"\r\n\r\n");
    let mut suf = BytesMut::new();
    suf.put_slice(b"\r\n--");
    suf.put_slice(boundary.as_bytes());
    suf.put_slice(b"--\r\n");
    (pre.freeze(), suf.freeze())
}

/// Progress shared between the streamed body and the task.
struct UploadProgress {
    written: AtomicU64,
    total: u64,
    /// The last percentage reported (0..=100), or -1.
    last_pct: std::sync::atomic::AtomicI64,
    final_sent: AtomicBool,
    tx: mpsc::Sender<TransferEvent>,
}

impl UploadProgress {
    fn percent(&self, written: u64) -> i64 {
        written
            .saturating_mul(100)
            .checked_div(self.total)
            .map_or(100, |p| p as i64)
    }

    /// Called by the body as bytes leave: reports when the percentage moved.
    /// Never blocks; a full queue skips an intermediate report.
    fn advance(&self, n: u64) {
        let written = self.written.fetch_add(n, Ordering::AcqRel) + n;
        let pct = self.percent(written);
        if pct <= self.last_pct.load(Ordering::Acquire) {
            return;
        }
        let ev = TransferEvent::Progress {
            written,
            expected: Some(self.total),
        };
        if self.tx.try_send(ev).is_ok() {
            self.last_pct.store(pct, Ordering::Release);
            if written == self.total {
                self.final_sent.store(true, Ordering::Release);
            }
        }
    }
}

/// The multipart body: prefix, the file read piece by piece with positional
/// reads on the blocking pool, suffix. Exact size hint, so it is sent with a
/// `Content-Length`.
struct UploadBody {
    prefix: Option<Bytes>,
    file: Arc<File>,
    offset: u64,
    remaining: u64,
    suffix: Option<Bytes>,
    pending: Option<JoinHandle<std::io::Result<Vec<u8>>>>,
    left: u64,
    progress: Arc<UploadProgress>,
}

impl UploadBody {
    fn emit(
        &mut self,
        data: Bytes,
    ) -> Poll<Option<std::result::Result<http_body::Frame<Bytes>, std::io::Error>>> {
        let n = data.len() as u64;
        self.left = self.left.saturating_sub(n);
        self.progress.advance(n);
        Poll::Ready(Some(Ok(http_body::Frame::data(data))))
    }
}

impl http_body::Body for UploadBody {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<std::result::Result<http_body::Frame<Bytes>, std::io::Error>>> {
        let this = &mut *self;
        if let Some(p) = this.prefix.take() {
            return this.emit(p);
        }
        if this.remaining > 0 {
            if this.pending.is_none() {
                let file = this.file.clone();
                let offset = this.offset;
                let len = this.remaining.min(UPLOAD_CHUNK as u64) as usize;
                this.pending = Some(tokio::task::spawn_blocking(move || {
                    let mut buf = vec![0u8; len];
                    let mut got = 0;
                    while got < len {
                        match file.read_at(&mut buf[got..], offset + got as u64) {
                            Ok(0) => break,
                            Ok(n) => got += n,
                            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                            Err(e) => return Err(e),
                        }
                    }
                    buf.truncate(got);
                    Ok(buf)
                }));
            }
            let Some(pending) = this.pending.as_mut() else {
                return Poll::Ready(None);
            };
            let res = match Pin::new(pending).poll(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(r) => r,
            };
            this.pending = None;
            let buf = match res {
                Ok(Ok(buf)) => buf,
                Ok(Err(e)) => return Poll::Ready(Some(Err(e))),
                Err(e) => return Poll::Ready(Some(Err(std::io::Error::other(e)))),
            };
            if buf.is_empty() {
                return Poll::Ready(Some(Err(std::io::Error::new(
                    std::io::ErrorKind::UnexpectedEof,
                    "the file shrank during the upload",
                ))));
            }
            this.offset += buf.len() as u64;
            this.remaining -= buf.len() as u64;
            return this.emit(Bytes::from(buf));
        }
        if let Some(s) = this.suffix.take() {
            return this.emit(s);
        }
        Poll::Ready(None)
    }

    fn is_end_stream(&self) -> bool {
        self.left == 0
    }

    fn size_hint(&self) -> http_body::SizeHint {
        http_body::SizeHint::with_exact(self.left)
    }
}

async fn run_upload(
    client: Client,
    opts: UploadOptions,
    tx: mpsc::Sender<TransferEvent>,
) -> Outcome {
    let UploadOptions {
        url,
        file,
        name,
        form_data,
        headers,
        timeout,
        dialect,
        http2,
    } = opts;
    // Everything before I/O: policy, headers.
    let target = match client.policy().check(Api::UploadFile, dialect, &url) {
        Ok(t) => t,
        Err(e) => return e.into(),
    };
    let mut headers = match client.prepare_headers(dialect, &headers, false) {
        Ok(h) => h,
        Err(e) => return e.into(),
    };
    let b = boundary();
    let (prefix, suffix) = multipart_frame(&b, &form_data, &name, &file.file_name);
    let total = prefix.len() as u64 + file.size + suffix.len() as u64;
    match HeaderValue::from_str(&format!("multipart/form-data; boundary={b}")) {
        Ok(v) => {
            headers.insert(header::CONTENT_TYPE, v);
        }
        Err(_) => return Error::new(ErrorKind::Network, "bad boundary").into(),
    }
    let timeout =
        timeout.unwrap_or_else(|| client.config().default_timeout(Api::UploadFile, dialect));

    let _slot = match client.acquire_slot().await {
        Ok(s) => s,
        Err(e) => return e.into(),
    };
    let progress = Arc::new(UploadProgress {
        written: AtomicU64::new(0),
        total,
        last_pct: std::sync::atomic::AtomicI64::new(-1),
        final_sent: AtomicBool::new(false),
        tx: tx.clone(),
    });
    let body = UploadBody {
        prefix: Some(prefix),
        file: Arc::new(file.file),
        offset: 0,
        remaining: file.size,
        suffix: Some(suffix),
        pending: None,
        left: total,
        progress: progress.clone(),
    };
    let out = Outgoing {
        api: Api::UploadFile,
        dialect,
        method: Method::POST,
        target,
        headers,
        body: SendBody::Stream(ReqBody::stream(body)),
        redirect: Redirect::Follow,
        http2,
    };
    let exchange = async {
        let mut resp = client.send(out).await?;
        // All progress before the head: the final 100 % if the body's own
        // report was skipped.
        let written = progress.written.load(Ordering::Acquire);
        if written == total && !progress.final_sent.load(Ordering::Acquire) {
            let ev = TransferEvent::Progress {
                written,
                expected: Some(total),
            };
            if tx.send(ev).await.is_err() {
                return Ok(Outcome::Gone);
            }
        }
        let head = ResponseHead::from_response(&resp);
        if tx.send(TransferEvent::Headers(head.clone())).await.is_err() {
            return Ok(Outcome::Gone);
        }
        let limit = client.config().limits.max_buffered_body;
        let mut body: Vec<u8> = Vec::new();
        while let Some(chunk) = resp.chunk().await? {
            if (body.len() + chunk.len()) as u64 > limit {
                return Err(Error::new(
                    ErrorKind::BodyTooLarge,
                    format!("response body over {limit} bytes"),
                ));
            }
            body.extend_from_slice(&chunk);
        }
        let body = match String::from_utf8(body) {
            Ok(s) => s,
            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        };
        Ok::<_, Error>(Outcome::Done(TransferDone::Upload(UploadDone {
            head,
            body,
        })))
    };
    match tokio::time::timeout(timeout, exchange).await {
        Ok(Ok(o)) => o,
        Ok(Err(e)) => e.into(),
        Err(_) => timeout_error(timeout).into(),
    }
}

// ---------------------------------------------------------------------------
// Download

/// The extension of the saved temp file: from the URL's last path segment,
/// else from the response's `Content-Type`. Empty when neither tells.
pub fn guess_extension(url: &url::Url, content_type: Option<&str>) -> String {
    let from_path = url
        .path_segments()
        .and_then(|mut s| s.next_back())
        .and_then(|last| last.rsplit_once('.').map(|(_, ext)| ext))
        .filter(|ext| {
            !ext.is_empty() && ext.len() <= 10 && ext.bytes().all(|b| b.is_ascii_alphanumeric())
        });
    if let Some(ext) = from_path {
        return ext.to_ascii_lowercase();
    }
    let Some(ct) = content_type else {
        return String::new();
    };
    let essence = ct
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let preferred = match essence.as_str() {
        "image/jpeg" => Some("jpg"),
        "text/plain" => Some("txt"),
        "application/octet-stream" | "" => Some(""),
        "text/html" => Some("html"),
        "audio/mpeg" => Some("mp3"),
        "video/mp4" => Some("mp4"),
        _ => None,
    };
    if let Some(p) = preferred {
        return p.to_string();
    }
    mime_guess::get_mime_extensions_str(&essence)
        .and_then(|exts| exts.first())
        .map(|e| e.to_string())
        .unwrap_or_default()
}

async fn run_download(
    client: Client,
    sandbox: Arc<Sandbox>,
    opts: DownloadOptions,
    tx: mpsc::Sender<TransferEvent>,
) -> Outcome {
    let DownloadOptions {
        url,
        headers,
        timeout,
        dialect,
        file_path,
        http2,
    } = opts;
    let target = match client.policy().check(Api::DownloadFile, dialect, &url) {
        Ok(t) => t,
        Err(e) => return e.into(),
    };
    let headers = match client.prepare_headers(dialect, &headers, false) {
        Ok(h) => h,
        Err(e) => return e.into(),
    };
    if let Some(p) = &file_path {
        if let Err(e) = sandbox.check_save_path(p) {
            return e.into();
        }
    }
    let timeout =
        timeout.unwrap_or_else(|| client.config().default_timeout(Api::DownloadFile, dialect));
    let _slot = match client.acquire_slot().await {
        Ok(s) => s,
        Err(e) => return e.into(),
    };
    let out = Outgoing {
        api: Api::DownloadFile,
        dialect,
        method: Method::GET,
        target,
        headers,
        body: SendBody::Empty,
        redirect: Redirect::Follow,
        http2,
    };
    let max = client.config().limits.max_download_bytes;
    let exchange = async {
        let mut resp = client.send(out).await?;
        let head = ResponseHead::from_response(&resp);
        let expected = resp.content_length();
        if let Some(n) = expected {
            if n > max {
                return Err(too_large(max));
            }
        }
        if tx.send(TransferEvent::Headers(head.clone())).await.is_err() {
            return Ok(Outcome::Gone);
        }
        let final_url = resp.url().clone();
        let mut part = sandbox.create_part()?;
        let std_file = part
            .file
            .take()
            .ok_or_else(|| Error::new(ErrorKind::Fs(crate::sandbox::FS_SYSTEM), "part file"))?;
        let part_name = part.real_path().display().to_string();
        let write_err = |e: std::io::Error| {
            let mut err = crate::sandbox::fs_error(crate::sandbox::FS_SYSTEM, "write", &part_name);
            if e.raw_os_error() == Some(libc::ENOSPC) {
                err =
                    crate::sandbox::fs_error(crate::sandbox::FS_STORAGE_FULL, "write", &part_name);
            }
            err
        };
        let mut out_file = PartWriter::new(std_file, expected);
        let mut written: u64 = 0;
        let mut last_reported: Option<u64> = None;
        let mut last_pct: i64 = -1;
        while let Some(chunk) = resp.chunk().await? {
            if chunk.is_empty() {
                continue;
            }
            if written + chunk.len() as u64 > max {
                return Err(too_large(max));
            }
            out_file.write(&chunk).await.map_err(write_err)?;
            written += chunk.len() as u64;
            let report = match expected {
                Some(total) if total > 0 => {
                    let pct = (written.saturating_mul(100) / total) as i64;
                    pct > last_pct && {
                        last_pct = pct;
                        true
                    }
                }
                _ => written - last_reported.unwrap_or(0) >= UNKNOWN_PROGRESS_STEP,
            };
            if report {
                last_reported = Some(written);
                let ev = TransferEvent::Progress { written, expected };
                if tx.send(ev).await.is_err() {
                    return Ok(Outcome::Gone);
                }
            }
        }
        if let Some(n) = expected {
            if written != n {
                return Err(Error::new(
                    ErrorKind::Network,
                    format!("body ended after {written} of {n} bytes"),
                ));
            }
        }
        out_file.finish().await.map_err(write_err)?;
        // The last progress event carries the total.
        if last_reported != Some(written) || expected.is_none() {
            let ev = TransferEvent::Progress {
                written,
                expected: Some(written),
            };
            if tx.send(ev).await.is_err() {
                return Ok(Outcome::Gone);
            }
        }
        let target = match &file_path {
            Some(p) => SaveTarget::User(p.clone()),
            None => SaveTarget::Temp(guess_extension(
                &final_url,
                head.header("content-type").as_deref(),
            )),
        };
        let saved = sandbox.commit_part(part, &target, dialect)?;
        Ok(Outcome::Done(TransferDone::Download(DownloadDone {
            head,
            path: saved.path,
            real_path: saved.real_path,
            size: written,
        })))
    };
    match tokio::time::timeout(timeout, exchange).await {
        Ok(Ok(o)) => o,
        Ok(Err(e)) => e.into(),
        Err(_) => timeout_error(timeout).into(),
    }
}

/// What a write on the blocking pool gives back: the file, its buffer, the
/// result.
type WriteDone = (File, Vec<u8>, std::io::Result<()>);

/// The `.part` file of a download, written on the blocking pool in pieces of
/// [`DOWNLOAD_WRITE`] bytes: one piece is written while the next fills, so
/// the network and the disk overlap, and small body chunks (HTTP/2 frames)
/// cost a copy, not a thread hop each. Dropped before
/// [`PartWriter::finish`], a write in flight still completes on the pool
/// (into the part file, which its owner removes).
struct PartWriter {
    /// The file, when no write is in flight.
    file: Option<File>,
    /// Bytes not handed to the pool yet.
    buf: Vec<u8>,
    /// A spare buffer (the one the last write returned).
    spare: Vec<u8>,
    /// The write in flight: gives back the file and its buffer.
    pending: Option<JoinHandle<WriteDone>>,
    /// Capacity of a buffer: [`DOWNLOAD_WRITE`], or less for a small body.
    cap: usize,
}

impl PartWriter {
    fn new(file: File, expected: Option<u64>) -> Self {
        let cap = expected.map_or(DOWNLOAD_WRITE, |n| {
            usize::try_from(n).map_or(DOWNLOAD_WRITE, |n| n.clamp(1, DOWNLOAD_WRITE))
        });
        PartWriter {
            file: Some(file),
            buf: Vec::new(),
            spare: Vec::new(),
            pending: None,
            cap,
        }
    }

    /// Queues `data`; hands a full buffer to the pool.
    async fn write(&mut self, data: &[u8]) -> std::io::Result<()> {
        if self.buf.capacity() == 0 {
            self.buf.reserve_exact(self.cap);
        }
        self.buf.extend_from_slice(data);
        if self.buf.len() >= self.cap {
            self.submit().await?;
        }
        Ok(())
    }

    /// Waits for the write in flight, if any.
    async fn settle(&mut self) -> std::io::Result<()> {
        if let Some(job) = self.pending.take() {
            let (file, mut spare, res) = job.await.map_err(std::io::Error::other)?;
            self.file = Some(file);
            spare.clear();
            self.spare = spare;
            res?;
        }
        Ok(())
    }

    /// Hands the buffered bytes to the pool (after the previous write).
    async fn submit(&mut self) -> std::io::Result<()> {
        self.settle().await?;
        if self.buf.is_empty() {
            return Ok(());
        }
        let Some(mut file) = self.file.take() else {
            return Err(std::io::Error::other("the part file is gone"));
        };
        let data = std::mem::replace(&mut self.buf, std::mem::take(&mut self.spare));
        self.pending = Some(tokio::task::spawn_blocking(move || {
            use std::io::Write;
            let res = file.write_all(&data);
            (file, data, res)
        }));
        Ok(())
    }

    /// Writes everything left and closes the file.
    async fn finish(&mut self) -> std::io::Result<()> {
        self.submit().await?;
        self.settle().await?;
        self.file = None;
        Ok(())
    }
}

fn too_large(max: u64) -> Error {
    Error::new(
        ErrorKind::FileTooLarge,
        format!("download over {max} bytes"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn part_names_are_escaped() {
        assert_eq!(escape_part_name("a\"b\r\nc"), "a%22b%0D%0Ac");
        assert_eq!(escape_part_name("名字.png"), "名字.png");
    }

    #[test]
    fn multipart_layout() {
        let (pre, suf) = multipart_frame(
            "XX",
            &[("k".into(), "v".into()), ("q\"".into(), "w".into())],
            "file",
            "a.png",
        );
        assert_eq!(
            std::str::from_utf8(&pre).unwrap(),
            "--XX\r\nContent-Disposition: form-data; name=\"k\"\r\n\r\nv\r\n\
             --XX\r\nContent-Disposition: form-data; name=\"q%22\"\r\n\r\nw\r\n\
             --XX\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n\
             Content-Type: image/png\r\n\r\n"
        );
        assert_eq!(&suf[..], b"\r\n--XX--\r\n");
    }

    #[test]
    fn extensions() {
        let u = |s: &str| url::Url::parse(s).unwrap();
        assert_eq!(
            guess_extension(&u("https://a.test/x/pic.PNG?q=1"), None),
            "png"
        );
        assert_eq!(
            guess_extension(&u("https://a.test/download"), Some("image/jpeg")),
            "jpg"
        );
        assert_eq!(
            guess_extension(
                &u("https://a.test/d"),
                Some("application/json; charset=utf-8")
            ),
            "json"
        );
        assert_eq!(
            guess_extension(&u("https://a.test/d"), Some("application/octet-stream")),
            ""
        );
        assert_eq!(guess_extension(&u("https://a.test/d.tar.gz"), None), "gz");
        assert_eq!(guess_extension(&u("https://a.test/d."), None), "");
        assert_eq!(guess_extension(&u("https://a.test/"), None), "");
    }
}
