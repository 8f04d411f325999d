//! `uploadFile` / `downloadFile` against the devserver over real TLS on
//! loopback: multipart fields and SHA-256, progress, aborts, truncation, size
//! caps, any-status saving, unknown lengths, redirects, the domain lists, and
//! two 100 MiB transfers in bounded memory. Every failure case also checks
//! that no file is left in the temp dir.

mod support;

use std::io::{Read, Write};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use minihost_net::config::ResolveRule;
use minihost_net::sandbox::Sandbox;
use minihost_net::transfer::{
    DownloadDone, DownloadOptions, TransferDone, TransferEvent, TransferExt, TransferTask,
    UploadDone, UploadOptions,
};
use minihost_net::{ApiName, AppConfig, Client, Dialect, Error, ErrorKind, ResponseHead};
use serde_json::Value;
use sha2::{Digest, Sha256};
use support::{Env, EVENT_WAIT};

/// The test app: `up.minihost.test` listed for uploadFile, `cdn.minihost.test`
/// for downloadFile, `api.minihost.test` for request only.
fn config(env: &Env) -> AppConfig {
    let mut cfg = env.config();
    let port = env.port();
    cfg.domains.upload_file = vec![format!("up.minihost.test:{port}")];
    cfg.domains.download_file = vec![format!("cdn.minihost.test:{port}")];
    for host in ["up.minihost.test", "cdn.minihost.test"] {
        cfg.resolve
            .push(ResolveRule::parse(&format!("{host}:{port}:127.0.0.1")).unwrap());
    }
    cfg
}

fn up(env: &Env, path: &str) -> String {
    format!("https://up.minihost.test:{}{path}", env.port())
}

fn cdn(env: &Env, path: &str) -> String {
    format!("https://cdn.minihost.test:{}{path}", env.port())
}

struct App {
    client: Client,
    sandbox: Arc<Sandbox>,
}

fn app(cfg: AppConfig) -> App {
    let sandbox = Arc::new(Sandbox::new(&cfg.data_dir).unwrap());
    App {
        client: Client::new(cfg).unwrap(),
        sandbox,
    }
}

/// Everything a transfer reported, with the event order checked.
#[derive(Debug, Default)]
struct Collected {
    head: Option<ResponseHead>,
    /// (written, expected), in order.
    progress: Vec<(u64, Option<u64>)>,
    /// Progress events that came after `Headers` (uploads) / before (downloads).
    progress_after_head: usize,
    progress_before_head: usize,
    done: Option<TransferDone>,
    failed: Option<Error>,
}

impl Collected {
    fn upload(&self) -> &UploadDone {
        match (&self.done, &self.failed) {
            (Some(TransferDone::Upload(u)), None) => u,
            _ => panic!("upload did not succeed: {:?}", self.failed),
        }
    }

    fn download(&self) -> &DownloadDone {
        match (&self.done, &self.failed) {
            (Some(TransferDone::Download(d)), None) => d,
            _ => panic!("download did not succeed: {:?}", self.failed),
        }
    }

    fn error(&self) -> &Error {
        match &self.failed {
            Some(e) => e,
            None => panic!("transfer did not fail: {:?}", self.done),
        }
    }

    /// Progress is a running total: never decreasing, totals constant once
    /// known, ending at 100 %.
    fn check_progress_ends_at_total(&self, total: u64) {
        assert!(!self.progress.is_empty(), "no progress event");
        let mut last = 0;
        for &(w, _) in &self.progress {
            assert!(w >= last, "progress went back: {:?}", self.progress);
            last = w;
        }
        assert_eq!(
            *self.progress.last().unwrap(),
            (total, Some(total)),
            "last progress is 100 %"
        );
        let known: Vec<_> = self.progress.iter().filter_map(|p| p.1).collect();
        assert!(known.iter().all(|&t| t == total), "{known:?}");
    }
}

async fn next(task: &mut TransferTask) -> Option<TransferEvent> {
    tokio::time::timeout(EVENT_WAIT, task.next())
        .await
        .expect("event within the wait limit")
}

async fn collect(mut task: TransferTask) -> Collected {
    let mut c = Collected::default();
    loop {
        match next(&mut task).await {
            Some(TransferEvent::Headers(h)) => {
                assert!(c.head.is_none(), "second Headers event");
                c.head = Some(h);
            }
            Some(TransferEvent::Progress { written, expected }) => {
                if c.head.is_some() {
                    c.progress_after_head += 1;
                } else {
                    c.progress_before_head += 1;
                }
                c.progress.push((written, expected));
            }
            Some(TransferEvent::Done(d)) => {
                c.done = Some(d);
                break;
            }
            Some(TransferEvent::Failed(e)) => {
                c.failed = Some(e);
                break;
            }
            None => panic!("event stream ended without a terminal event"),
        }
    }
    assert!(
        next(&mut task).await.is_none(),
        "event after the terminal event"
    );
    c
}

/// Files left in the run's temp dir (there should be none after a failure).
fn temp_files(sb: &Sandbox) -> Vec<String> {
    std::fs::read_dir(sb.temp_dir())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect()
}

/// Byte `i` of every devserver-generated body.
fn pattern(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i % 251) as u8).collect()
}

fn sha_hex(data: &[u8]) -> String {
    hex(&Sha256::digest(data))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn upload_opts(sb: &Sandbox, url: &str, path: &str) -> UploadOptions {
    UploadOptions {
        url: url.to_string(),
        file: sb.open_for_upload(path).expect("file opens"),
        name: "file".into(),
        form_data: Vec::new(),
        headers: Vec::new(),
        timeout: None,
        dialect: Dialect::Wx,
        http2: false,
    }
}

fn json(body: &str) -> Value {
    serde_json::from_str(body).expect("JSON body")
}

// ---- upload ----------------------------------------------------------------

#[tokio::test]
async fn upload_sends_fields_then_the_file_and_the_hash_matches() {
    let env = Env::start();
    let a = app(config(&env));
    let data: Vec<u8> = (0..3_000_017u32)
        .map(|i| (i.wrapping_mul(7919) >> 3) as u8)
        .collect();
    a.sandbox
        .write_file("wxfile://usr/photo.png", &data, false)
        .unwrap();

    let mut o = upload_opts(&a.sandbox, &up(&env, "/upload"), "wxfile://usr/photo.png");
    o.name = "pic".into();
    o.form_data = vec![
        ("user".into(), "ada".into()),
        ("note".into(), "多字节 text".into()),
        ("q\"uo\r\nte".into(), "v".into()),
    ];
    o.headers = vec![
        ("X-Custom".into(), "1".into()),
        ("Content-Type".into(), "text/plain".into()),
        ("Referer".into(), "https://evil.example/".into()),
    ];
    let r = collect(a.client.upload(o)).await;
    let done = r.upload();
    assert_eq!(done.head.status, 200);
    let body = json(&done.body);
    assert_eq!(body["fields"]["user"], "ada");
    assert_eq!(body["fields"]["note"], "多字节 text");
    assert_eq!(body["fields"]["q%22uo%0D%0Ate"], "v", "{body}");
    let files = body["files"].as_array().unwrap();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0]["field"], "pic");
    assert_eq!(files[0]["fileName"], "photo.png");
    assert_eq!(files[0]["contentType"], "image/png");
    assert_eq!(files[0]["size"], data.len() as u64);
    assert_eq!(files[0]["sha256"], sha_hex(&data));

    let h = &body["headers"];
    let ct = h["content-type"].as_str().unwrap();
    assert!(ct.starts_with("multipart/form-data; boundary="), "{ct}");
    assert_eq!(h["x-custom"], "1");
    assert_eq!(
        h["referer"],
        "https://servicewechat.com/wxtestappid/1.2.3/page-frame.html"
    );
    let total: u64 = h["content-length"]
        .as_str()
        .expect("sent with a Content-Length")
        .parse()
        .unwrap();
    assert!(total > data.len() as u64);

    r.check_progress_ends_at_total(total);
    assert_eq!(
        r.progress_after_head, 0,
        "upload progress comes before the head"
    );
}

#[tokio::test]
async fn upload_of_an_empty_temp_file_in_my_form() {
    let env = Env::start();
    let a = app(config(&env));
    let (path, _) = a.sandbox.new_temp_path(Dialect::My, "txt");
    a.sandbox.write_file(&path, b"", false).unwrap();
    let mut o = upload_opts(&a.sandbox, &up(&env, "/upload"), &path);
    o.dialect = Dialect::My;
    let r = collect(a.client.upload(o)).await;
    let body = json(&r.upload().body);
    let f = &body["files"][0];
    assert_eq!(f["size"], 0);
    assert_eq!(f["contentType"], "text/plain");
    assert_eq!(f["fileName"], path.rsplit('/').next().unwrap());
    assert_eq!(f["sha256"], sha_hex(b""));
    assert!(body["headers"]["referer"]
        .as_str()
        .unwrap()
        .contains("hybrid.alipay-eco.com"));
}

#[tokio::test]
async fn upload_any_status_is_a_response() {
    let env = Env::start();
    let a = app(config(&env));
    a.sandbox
        .write_file("wxfile://usr/a.bin", b"abc", false)
        .unwrap();
    let r = collect(a.client.upload(upload_opts(
        &a.sandbox,
        &up(&env, "/upload/status/503"),
        "wxfile://usr/a.bin",
    )))
    .await;
    let done = r.upload();
    assert_eq!(done.head.status, 503);
    assert_eq!(json(&done.body)["files"][0]["size"], 3);
}

#[tokio::test]
async fn upload_domain_lists_are_per_api_and_checked_before_io() {
    let env = Env::start();
    let a = app(config(&env));
    a.sandbox
        .write_file("wxfile://usr/a.bin", b"abc", false)
        .unwrap();
    for url in [
        env.api("/upload"), // listed for request only
        env.other("/upload"),
        cdn(&env, "/upload"), // listed for downloadFile only
        env.plain("/upload"),
        format!("https://127.0.0.1:{}/upload", env.port()),
    ] {
        let r = collect(
            a.client
                .upload(upload_opts(&a.sandbox, &url, "wxfile://usr/a.bin")),
        )
        .await;
        let e = r.error();
        assert!(
            matches!(e.kind, ErrorKind::DomainRefused | ErrorKind::InsecureScheme),
            "{url}: {e:?}"
        );
        assert_eq!(
            e.wx_err_msg(ApiName::UploadFile),
            "uploadFile:fail url not in domain list"
        );
        assert_eq!(e.my(ApiName::UploadFile).error, 13);
        assert!(
            r.head.is_none() && r.progress.is_empty(),
            "{url}: I/O happened"
        );
    }
    let r = collect(
        a.client
            .upload(upload_opts(&a.sandbox, "not a url", "wxfile://usr/a.bin")),
    )
    .await;
    assert_eq!(r.error().kind, ErrorKind::InvalidUrl);
}

#[tokio::test]
async fn upload_redirect_to_an_unlisted_host_is_refused() {
    let env = Env::start();
    let a = app(config(&env));
    a.sandbox
        .write_file("wxfile://usr/a.bin", b"abc", false)
        .unwrap();
    let target = env.other("/upload");
    let url = up(&env, &format!("/redirect-to?url={target}&status=302"));
    let r = collect(
        a.client
            .upload(upload_opts(&a.sandbox, &url, "wxfile://usr/a.bin")),
    )
    .await;
    assert_eq!(r.error().kind, ErrorKind::DomainRefused, "{:?}", r.error());
}

#[tokio::test]
async fn upload_bad_header_is_a_parameter_error() {
    let env = Env::start();
    let a = app(config(&env));
    a.sandbox
        .write_file("wxfile://usr/a.bin", b"abc", false)
        .unwrap();
    let mut o = upload_opts(&a.sandbox, &up(&env, "/upload"), "wxfile://usr/a.bin");
    o.headers = vec![("X-Bad".into(), "a\r\nInjected: 1".into())];
    let r = collect(a.client.upload(o)).await;
    assert_eq!(r.error().kind, ErrorKind::Param);
}

#[tokio::test]
async fn upload_abort_mid_body() {
    let env = Env::start();
    let a = app(config(&env));
    write_pattern_file(&a.sandbox.user_dir().join("big.bin"), 64 << 20);
    let before = temp_files(&a.sandbox);
    let mut task = a.client.upload(upload_opts(
        &a.sandbox,
        &up(&env, "/upload"),
        "wxfile://usr/big.bin",
    ));
    // Wait for the body to be under way, then abort.
    match next(&mut task).await {
        Some(TransferEvent::Progress { written, expected }) => {
            assert!(written < expected.unwrap());
        }
        other => panic!("expected progress first, got {other:?}"),
    }
    task.abort();
    let r = collect(task).await;
    assert_eq!(r.error().kind, ErrorKind::Aborted);
    assert_eq!(
        r.error().wx_err_msg(ApiName::UploadFile),
        "uploadFile:fail abort"
    );
    assert!(r.head.is_none());
    assert_eq!(temp_files(&a.sandbox), before);
    // The app still works afterwards (the slot was released).
    let r = collect(a.client.upload(upload_opts(
        &a.sandbox,
        &up(&env, "/upload"),
        "wxfile://usr/big.bin",
    )))
    .await;
    assert_eq!(r.upload().head.status, 200);
}

#[tokio::test]
async fn upload_timeout() {
    let env = Env::start();
    let a = app(config(&env));
    a.sandbox
        .write_file("wxfile://usr/a.bin", b"abc", false)
        .unwrap();
    let mut o = upload_opts(&a.sandbox, &up(&env, "/delay/5000"), "wxfile://usr/a.bin");
    o.timeout = Some(Duration::from_millis(300));
    let r = collect(a.client.upload(o)).await;
    assert_eq!(r.error().kind, ErrorKind::Timeout);
    assert_eq!(
        r.error().wx_err_msg(ApiName::UploadFile),
        "uploadFile:fail timeout"
    );
}

// ---- download ----------------------------------------------------------------

fn dl(url: &str) -> DownloadOptions {
    DownloadOptions::new(url)
}

async fn download(a: &App, o: DownloadOptions) -> Collected {
    collect(a.client.download(a.sandbox.clone(), o)).await
}

#[tokio::test]
async fn download_to_a_temp_file() {
    let env = Env::start();
    let a = app(config(&env));
    let size = 300_001;
    let r = download(
        &a,
        dl(&cdn(&env, &format!("/download?size={size}&type=image/png"))),
    )
    .await;
    let d = r.download();
    assert_eq!(d.head.status, 200);
    assert_eq!(d.head.header("content-type").as_deref(), Some("image/png"));
    assert!(
        d.path.starts_with("wxfile://tmp_") && d.path.ends_with(".png"),
        "{}",
        d.path
    );
    assert_eq!(d.size, size as u64);
    assert_eq!(a.sandbox.read_file(&d.path).unwrap(), pattern(size));
    assert_eq!(std::fs::read(&d.real_path).unwrap().len(), size);
    r.check_progress_ends_at_total(size as u64);
    assert_eq!(
        r.progress_before_head, 0,
        "download progress comes after the head"
    );
    // Only the saved file is in the temp dir: no .part left.
    let left = temp_files(&a.sandbox);
    assert_eq!(left.len(), 1, "{left:?}");
    assert!(!left[0].ends_with(".part"));

    // `my` form, extension from the URL path.
    let mut o = dl(&cdn(&env, "/download/file.mp3?size=10"));
    o.dialect = Dialect::My;
    let r = download(&a, o).await;
    let d = r.download();
    assert_eq!(
        d.head.status, 404,
        "no such route: the 404 body is saved too"
    );
    assert!(
        d.path.starts_with("https://resource/") && d.path.ends_with(".mp3"),
        "{}",
        d.path
    );
}

#[tokio::test]
async fn download_saves_any_status() {
    let env = Env::start();
    let a = app(config(&env));
    let r = download(&a, dl(&cdn(&env, "/download?size=1000&status=500"))).await;
    let d = r.download();
    assert_eq!(d.head.status, 500);
    assert_eq!(a.sandbox.read_file(&d.path).unwrap(), pattern(1000));
}

#[tokio::test]
async fn download_without_length_reports_unknown_total_until_the_end() {
    let env = Env::start();
    let a = app(config(&env));
    let size = 1_000_000;
    let r = download(
        &a,
        dl(&cdn(&env, &format!("/download?size={size}&nolength=1"))),
    )
    .await;
    let d = r.download();
    assert_eq!(a.sandbox.read_file(&d.path).unwrap(), pattern(size));
    let (last, rest) = r.progress.split_last().unwrap();
    assert_eq!(*last, (size as u64, Some(size as u64)));
    assert!(!rest.is_empty());
    assert!(rest.iter().all(|p| p.1.is_none()), "{:?}", r.progress);
    r.check_progress_ends_at_total(size as u64);
}

#[tokio::test]
async fn download_to_a_user_path() {
    let env = Env::start();
    let a = app(config(&env));
    a.sandbox.mkdir("wxfile://usr/dl", false).unwrap();
    let mut o = dl(&cdn(&env, "/download?size=5000"));
    o.file_path = Some("wxfile://usr/dl/x.bin".into());
    let r = download(&a, o).await;
    let d = r.download();
    assert_eq!(d.path, "wxfile://usr/dl/x.bin");
    assert_eq!(
        a.sandbox.read_file("https://usr/dl/x.bin").unwrap(),
        pattern(5000)
    );
    assert!(temp_files(&a.sandbox).is_empty());

    // Outside the user data path: refused before any I/O.
    for bad in [
        "wxfile://tmp_x.bin",
        "/tmp/x.bin",
        "wxfile://usr/../x.bin",
        "wxfile://usr",
    ] {
        let mut o = dl(&cdn(&env, "/download?size=10"));
        o.file_path = Some(bad.into());
        let r = download(&a, o).await;
        assert!(
            matches!(r.error().kind, ErrorKind::Fs(_)),
            "{bad}: {:?}",
            r.error()
        );
        assert!(r.head.is_none(), "{bad}: I/O happened");
    }
    // A missing parent dir fails after the transfer; nothing is left.
    let mut o = dl(&cdn(&env, "/download?size=10"));
    o.file_path = Some("wxfile://usr/nodir/x.bin".into());
    let r = download(&a, o).await;
    assert!(
        matches!(r.error().kind, ErrorKind::Fs(_)),
        "{:?}",
        r.error()
    );
    assert!(temp_files(&a.sandbox).is_empty());
}

#[tokio::test]
async fn truncated_download_fails_and_leaves_nothing() {
    let env = Env::start();
    let a = app(config(&env));
    for url in [
        cdn(&env, "/download?size=1000000&truncate=300000"),
        cdn(&env, "/download?size=1000000&truncate=300000&nolength=1"),
        cdn(&env, "/truncate?size=100000&cut=1000"),
    ] {
        let r = download(&a, dl(&url)).await;
        assert_eq!(r.error().kind, ErrorKind::Network, "{url}: {:?}", r.error());
        assert!(r.head.is_some());
        assert_eq!(r.error().my(ApiName::DownloadFile).error, 12);
        assert!(
            temp_files(&a.sandbox).is_empty(),
            "{url}: {:?}",
            temp_files(&a.sandbox)
        );
    }
}

#[tokio::test]
async fn download_over_the_cap_fails_and_leaves_nothing() {
    let env = Env::start();
    let mut cfg = config(&env);
    cfg.limits.max_download_bytes = 100_000;
    let a = app(cfg);
    // Exactly the cap is fine.
    let r = download(&a, dl(&cdn(&env, "/download?size=100000"))).await;
    let saved = r.download().path.clone();
    a.sandbox.unlink(&saved).unwrap();
    for url in [
        cdn(&env, "/download?size=100001"),
        cdn(&env, "/download?size=5000000&nolength=1"),
        cdn(&env, "/download?size=5000000&chunked=1"),
    ] {
        let r = download(&a, dl(&url)).await;
        let e = r.error();
        assert_eq!(e.kind, ErrorKind::FileTooLarge, "{url}");
        assert_eq!(
            e.wx_err_msg(ApiName::DownloadFile),
            "downloadFile:fail exceed max file size"
        );
        assert_eq!(e.wx().errno, 603301);
        assert!(temp_files(&a.sandbox).is_empty(), "{url}");
    }
}

#[tokio::test]
async fn download_abort_mid_body_leaves_nothing() {
    let env = Env::start();
    let a = app(config(&env));
    let mut task = a.client.download(
        a.sandbox.clone(),
        dl(&cdn(&env, "/download?size=10000000&slow=50")),
    );
    let mut saw_progress = false;
    while let Some(ev) = next(&mut task).await {
        match ev {
            TransferEvent::Headers(_) => {}
            TransferEvent::Progress { written, .. } => {
                assert!(written < 10_000_000);
                saw_progress = true;
                break;
            }
            other => panic!("unexpected {other:?}"),
        }
    }
    assert!(saw_progress);
    assert!(
        temp_files(&a.sandbox).iter().any(|n| n.ends_with(".part")),
        "the body streams into a .part file"
    );
    task.abort();
    task.abort();
    let r = collect(task).await;
    assert_eq!(r.error().kind, ErrorKind::Aborted);
    assert_eq!(
        r.error().wx_err_msg(ApiName::DownloadFile),
        "downloadFile:fail abort"
    );
    // The abort drops the writer at once; the part file goes with it.
    assert!(
        temp_files(&a.sandbox).is_empty(),
        "{:?}",
        temp_files(&a.sandbox)
    );
}

#[tokio::test]
async fn dropping_the_task_cancels_and_leaves_nothing() {
    let env = Env::start();
    let a = app(config(&env));
    let mut task = a.client.download(
        a.sandbox.clone(),
        dl(&cdn(&env, "/download?size=10000000&slow=50")),
    );
    loop {
        if let Some(TransferEvent::Progress { .. }) = next(&mut task).await {
            break;
        }
    }
    drop(task);
    // Bounded wait for the background task to notice.
    for _ in 0..200 {
        if temp_files(&a.sandbox).is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(temp_files(&a.sandbox).is_empty());
}

#[tokio::test]
async fn download_timeout_leaves_nothing() {
    let env = Env::start();
    let a = app(config(&env));
    let mut o = dl(&cdn(&env, "/download?size=1000000&slow=1000"));
    o.timeout = Some(Duration::from_millis(300));
    let r = download(&a, o).await;
    assert_eq!(r.error().kind, ErrorKind::Timeout);
    assert_eq!(r.error().my(ApiName::DownloadFile).error, 12);
    assert!(temp_files(&a.sandbox).is_empty());
}

#[tokio::test]
async fn download_body_is_decoded() {
    let env = Env::start();
    let a = app(config(&env));
    let r = download(&a, dl(&cdn(&env, "/gzip"))).await;
    let d = r.download();
    assert_eq!(a.sandbox.read_file(&d.path).unwrap(), br#"{"gzip":true}"#);
    assert!(d.path.ends_with(".json"), "{}", d.path);
}

#[tokio::test]
async fn download_redirects_are_followed_and_rechecked() {
    let env = Env::start();
    let a = app(config(&env));
    let inner = cdn(&env, "/download?size=777");
    let r = download(
        &a,
        dl(&cdn(&env, &format!("/redirect-to?url={}", urlenc(&inner)))),
    )
    .await;
    let d = r.download();
    assert_eq!(d.size, 777);
    assert_eq!(d.head.status, 200);

    for target in [env.api("/download?size=1"), env.other("/download?size=1")] {
        let r = download(
            &a,
            dl(&cdn(&env, &format!("/redirect-to?url={}", urlenc(&target)))),
        )
        .await;
        assert_eq!(r.error().kind, ErrorKind::DomainRefused, "{target}");
        assert!(r.head.is_none());
    }
    let r = download(&a, dl(&cdn(&env, "/redirect-loop"))).await;
    assert_eq!(r.error().kind, ErrorKind::TooManyRedirects);
    assert!(temp_files(&a.sandbox).iter().all(|n| !n.ends_with(".part")));
}

#[tokio::test]
async fn download_domain_lists_are_per_api() {
    let env = Env::start();
    let a = app(config(&env));
    for url in [
        env.api("/download"),
        up(&env, "/download"),
        env.plain("/download"),
    ] {
        let r = download(&a, dl(&url)).await;
        assert!(r.head.is_none(), "{url}");
        let e = r.error();
        assert!(
            matches!(e.kind, ErrorKind::DomainRefused | ErrorKind::InsecureScheme),
            "{url}"
        );
    }
    let r = download(&a, dl(&env.plain("/download"))).await;
    assert_eq!(r.error().my(ApiName::DownloadFile).error, 20, "http url");
}

#[tokio::test]
async fn dev_mode_allows_plain_http() {
    let env = Env::start();
    let mut cfg = config(&env);
    cfg.url_check = false;
    let a = app(cfg);
    let r = download(&a, dl(&env.plain("/download?size=100"))).await;
    assert_eq!(r.download().size, 100);
    a.sandbox
        .write_file("wxfile://usr/a.bin", b"abc", false)
        .unwrap();
    let r = collect(a.client.upload(upload_opts(
        &a.sandbox,
        &env.plain("/upload"),
        "wxfile://usr/a.bin",
    )))
    .await;
    assert_eq!(r.upload().head.status, 200);
}

fn urlenc(s: &str) -> String {
    minihost_net::encoding::encode_uri_component(s)
}

// ---- 100 MiB each way in bounded memory ------------------------------------

/// Writes `len` pattern bytes (byte i = i % 251) without holding them in memory.
fn write_pattern_file(path: &Path, len: usize) -> String {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let block = pattern(251 * 4096);
    let mut hasher = Sha256::new();
    let mut left = len;
    while left > 0 {
        let n = left.min(block.len());
        f.write_all(&block[..n]).unwrap();
        hasher.update(&block[..n]);
        left -= n;
    }
    f.flush().unwrap();
    hex(&hasher.finalize())
}

fn file_sha(path: &Path) -> String {
    let mut f = std::fs::File::open(path).unwrap();
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = f.read(&mut buf).unwrap();
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    hex(&hasher.finalize())
}

fn status_kib(field: &str) -> u64 {
    let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    s.lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

const BIG: usize = 100 << 20;
const BIG_CHILD_ENV: &str = "MINIHOST_TRANSFER_BIG_CHILD";

/// The child half of [`big_transfers_run_in_bounded_memory`]: does nothing
/// unless started by it. Runs alone in its own process so that its peak RSS
/// (`VmHWM`) belongs to these two transfers only.
#[test]
fn big_transfer_child() {
    if std::env::var_os(BIG_CHILD_ENV).is_none() {
        return;
    }
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let env = Env::start();
        let mut cfg = config(&env);
        cfg.network_timeout.upload_file = Some(600_000);
        cfg.network_timeout.download_file = Some(600_000);
        let a = app(cfg);
        let src = a.sandbox.user_dir().join("big.bin");
        let sha = write_pattern_file(&src, BIG);
        // A small transfer first so that TLS, pools and buffers are warm.
        a.sandbox
            .write_file("wxfile://usr/small.bin", b"warm", false)
            .unwrap();
        let r = collect(a.client.upload(upload_opts(
            &a.sandbox,
            &up(&env, "/upload"),
            "wxfile://usr/small.bin",
        )))
        .await;
        r.upload();
        let base = status_kib("VmRSS:");

        let r = collect(a.client.upload(upload_opts(
            &a.sandbox,
            &up(&env, "/upload"),
            "wxfile://usr/big.bin",
        )))
        .await;
        let body = json(&r.upload().body);
        assert_eq!(body["files"][0]["size"], BIG as u64);
        assert_eq!(
            body["files"][0]["sha256"], sha,
            "SHA-256 matches on the server"
        );

        let r = download(&a, dl(&cdn(&env, &format!("/download?size={BIG}")))).await;
        let d = r.download().clone();
        assert_eq!(d.size, BIG as u64);
        assert_eq!(file_sha(&d.real_path), sha, "SHA-256 of the download");

        let peak = status_kib("VmHWM:");
        println!("BIG_RSS base_kib={base} peak_kib={peak}");
    });
}

#[test]
fn big_transfers_run_in_bounded_memory() {
    let exe = std::env::current_exe().unwrap();
    let out = std::process::Command::new(exe)
        .args([
            "big_transfer_child",
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(BIG_CHILD_ENV, "1")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "child failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let line = stdout
        .lines()
        .find_map(|l| l.split_once("BIG_RSS ").map(|(_, rest)| rest))
        .unwrap_or_else(|| panic!("no report in:\n{stdout}"));
    let num = |key: &str| -> u64 {
        line.split_whitespace()
            .find_map(|kv| kv.strip_prefix(key))
            .and_then(|v| v.parse().ok())
            .unwrap()
    };
    let (base, peak) = (num("base_kib="), num("peak_kib="));
    let growth_mib = peak.saturating_sub(base) / 1024;
    println!(
        "100 MiB up + 100 MiB down: RSS {base} KiB before, peak {peak} KiB (+{growth_mib} MiB)"
    );
    assert!(growth_mib < 64, "peak RSS grew by {growth_mib} MiB");
}
