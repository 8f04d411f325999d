//! The seeds' code samples (`examples/seeds/*`, see its README) run
//! unmodified against an in-process devserver. Each sample is copied into a
//! temp dir with only its server URLs pointed at the devserver:
//! `api.minihost.test:8443` (the port the samples are written for) becomes
//! `api.minihost.test:PORT`, and a seed's own placeholder URL (`test.php`,
//! `https://httpbin.org/post`) becomes `https://api.minihost.test:PORT/echo/...`,
//! the same substitutions `minihost demo` makes. The test then checks the
//! exit code, stdout, the `[ui]` lines on stderr and the `--events` log.

mod support;

use std::fs;
use std::path::{Path, PathBuf};

use minihost_devserver::{DevServer, ServeOptions};
use serde_json::{json, Value};
use support::{run_minihost, Run};

fn seeds_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/seeds")
}

/// Page lifecycle events as "route event" strings.
fn page_events(run: &Run) -> Vec<String> {
    run.of("page")
        .iter()
        .map(|e| {
            format!(
                "{} {}",
                e["route"].as_str().unwrap_or("?"),
                e["event"].as_str().unwrap_or("?")
            )
        })
        .collect()
}

struct Seeds {
    server: DevServer,
    tmp: tempfile::TempDir,
}

impl Seeds {
    fn new() -> Seeds {
        Seeds {
            server: DevServer::start(ServeOptions::default()).expect("devserver"),
            tmp: tempfile::tempdir().expect("tempdir"),
        }
    }

    /// Copies `examples/seeds/<name>` with the URL substitutions (`extra`:
    /// the sample's own placeholders, `{base}` = `https://api.minihost.test:PORT`)
    /// and completes its `minihost.json` (CA, resolve rule, request domain).
    fn prepare(&self, name: &str, extra: &[(&str, &str)], platform: &str) -> PathBuf {
        let port = self.server.port();
        let base = format!("https://api.minihost.test:{port}");
        let src = seeds_dir().join(name);
        assert!(src.is_dir(), "examples/seeds/{name} is missing");
        let dst = self.tmp.path().join(name);
        let fix = |text: String| {
            let mut t = text.replace(
                "api.minihost.test:8443",
                &format!("api.minihost.test:{port}"),
            );
            for (from, to) in extra {
                t = t.replace(from, &to.replace("{base}", &base));
            }
            t
        };
        copy_dir(&src, &dst, &fix);
        let cfg_path = dst.join("minihost.json");
        let mut cfg: Value = match fs::read_to_string(&cfg_path) {
            Ok(t) => serde_json::from_str(&t).expect("sample minihost.json"),
            Err(_) => json!({ "platform": platform }),
        };
        let obj = cfg.as_object_mut().expect("config object");
        obj.insert("caCerts".into(), json!([self.server.ca_pem_path()]));
        obj.insert(
            "resolve".into(),
            json!([format!("api.minihost.test:{port}:127.0.0.1")]),
        );
        let domains = obj.entry("domains").or_insert_with(|| json!({}));
        domains["request"] = json!([format!("api.minihost.test:{port}")]);
        fs::write(&cfg_path, cfg.to_string()).expect("write config");
        dst
    }

    fn run(&self, path: &Path, args: &[&str]) -> Run {
        self.run_limited(path, args, "20")
    }

    /// [`Seeds::run`] with this `--time-limit` (seconds).
    fn run_limited(&self, path: &Path, args: &[&str], time_limit: &str) -> Run {
        let work = self.tmp.path().join(format!(
            "run-{}",
            path.file_name().unwrap_or_default().to_string_lossy()
        ));
        run_minihost(path, &work, Some(time_limit), args)
    }
}

/// Copies a sample folder (small text files), applying `fix` to each file.
fn copy_dir(src: &Path, dst: &Path, fix: &dyn Fn(String) -> String) {
    fs::create_dir_all(dst).expect("mkdir");
    for entry in fs::read_dir(src).expect("read sample dir") {
        let entry = entry.expect("entry");
        let (from, to) = (entry.path(), dst.join(entry.file_name()));
        if from.is_dir() {
            copy_dir(&from, &to, fix);
        } else {
            let text = fs::read_to_string(&from).expect("sample files are text");
            fs::write(&to, fix(text)).expect("write");
        }
    }
}

#[test]
fn request_wx() {
    let s = Seeds::new();
    let dir = s.prepare(
        "request-wx",
        &[("'test.php'", "'{base}/echo/test.php'")],
        "wx",
    );
    let r = s.run(&dir.join("index.js"), &[]);
    assert_eq!(r.code, 0, "{}", r.dump());
    // console.log(res.data): the echo of the GET with the data as a query string.
    assert!(r.stdout.contains(r#""method":"GET""#), "{}", r.dump());
    assert!(
        r.stdout.contains(r#""path":"/echo/test.php""#),
        "{}",
        r.dump()
    );
    assert!(r.stdout.contains(r#""query":"x=&y=""#), "{}", r.dump());
    let starts = r.of("request.start");
    assert_eq!(starts.len(), 1, "{}", r.dump());
    assert_eq!(starts[0]["dialect"], "wx");
    assert_eq!(starts[0]["method"], "GET");
    let ends = r.of("request.end");
    assert_eq!(ends.len(), 1, "{}", r.dump());
    assert_eq!(ends[0]["ok"], true, "{}", r.dump());
}

#[test]
fn request_my() {
    let s = Seeds::new();
    let dir = s.prepare(
        "request-my",
        &[("https://httpbin.org/post", "{base}/echo/post")],
        "my",
    );
    let r = s.run(&dir.join("index.js"), &[]);
    assert_eq!(r.code, 0, "{}", r.dump());
    // success → alert success; complete → hideLoading + alert complete. The
    // aborted second request has no callbacks.
    assert_eq!(
        r.ui(),
        [
            r#"[ui] alert {"content":"success"}"#,
            "[ui] hideLoading {}",
            r#"[ui] alert {"content":"complete"}"#
        ],
        "{}",
        r.dump()
    );
    let starts = r.of("request.start");
    assert_eq!(starts.len(), 2, "{}", r.dump());
    assert_eq!(starts[0]["method"], "POST");
    let mut ends: Vec<(bool, Value)> = r
        .of("request.end")
        .iter()
        .map(|e| (e["ok"] == true, e["error"].clone()))
        .collect();
    ends.sort_by_key(|e| e.0);
    assert_eq!(ends.len(), 2, "{}", r.dump());
    assert!(!ends[0].0 && ends[1].0, "{}", r.dump());
    assert_eq!(ends[0].1, "abort", "{}", r.dump());
}

#[test]
fn request_task_chunk_listeners_wx() {
    let s = Seeds::new();
    let dir = s.prepare("request-task-listeners-wx", &[], "wx");
    let r = s.run(&dir.join("chunk-received.js"), &[]);
    assert_eq!(r.code, 0, "{}", r.dump());
    // The listener was removed right after it was added: no chunk is logged.
    assert_eq!(r.stdout.trim(), "request request:ok 200", "{}", r.dump());
    let ends = r.of("request.end");
    assert_eq!(ends.len(), 1, "{}", r.dump());
    assert_eq!(ends[0]["ok"], true);
}

#[test]
fn request_task_headers_listeners_wx() {
    let s = Seeds::new();
    let dir = s.prepare("request-task-listeners-wx", &[], "wx");
    let r = s.run(&dir.join("headers-received.js"), &[]);
    assert_eq!(r.code, 0, "{}", r.dump());
    assert_eq!(r.stdout.trim(), "request request:ok 200", "{}", r.dump());
}

/// The Page samples of my.offSocketOpen / offSocketError: listeners added in
/// onLoad, removed in onUnload (at exit); `callback` callable as a tap.
fn listener_page(name: &str) {
    let s = Seeds::new();
    let dir = s.prepare(name, &[], "my");
    let r = s.run(&dir, &["--call", "pages/index/index:callback"]);
    assert_eq!(r.code, 0, "{}", r.dump());
    assert_eq!(
        page_events(&r),
        [
            "pages/index/index onLoad",
            "pages/index/index onShow",
            "pages/index/index onReady",
            "pages/index/index onHide",
            "pages/index/index onUnload"
        ],
        "{}",
        r.dump()
    );
    assert_eq!(r.of("call").len(), 1, "{}", r.dump());
    assert!(r.stdout.is_empty(), "{}", r.dump());
}

#[test]
fn socket_listeners_off_socket_open() {
    listener_page("socket-listeners-off-socket-open");
}

#[test]
fn socket_listeners_off_socket_error() {
    listener_page("socket-listeners-off-socket-error");
}

#[test]
fn socket_listeners_off_socket_close() {
    let s = Seeds::new();
    let dir = s.prepare("socket-listeners-off-socket-close", &[], "my");
    let r = s.run(&dir, &["--call", "pages/index/index:callback"]);
    assert_eq!(r.code, 0, "{}", r.dump());
    assert_eq!(
        r.ui(),
        [r#"[ui] alert {"content":"Connection closed!"}"#],
        "{}",
        r.dump()
    );
    let sets = r.of("setData");
    assert_eq!(sets.len(), 1, "{}", r.dump());
    assert_eq!(
        sets[0]["keys"],
        json!(["sendMessageAbility", "closeLinkAbility"])
    );
    assert_eq!(
        page_events(&r).last().map(String::as_str),
        Some("pages/index/index onUnload")
    );
}

#[test]
fn download_file_page() {
    let s = Seeds::new();
    let dir = s.prepare("download-file", &[], "my");
    let r = s.run(
        &dir,
        &["--call", "page/API/download-file/download-file:download"],
    );
    assert_eq!(r.code, 0, "{}", r.dump());
    // success({apFilePath}) → my.previewImage({urls: [apFilePath]}).
    let ui = r.ui();
    assert_eq!(ui.len(), 1, "{}", r.dump());
    let shown: Value = serde_json::from_str(
        ui[0]
            .strip_prefix("[ui] previewImage ")
            .unwrap_or_else(|| panic!("not a previewImage line\n{}", r.dump())),
    )
    .expect("json");
    let url = shown["urls"][0].as_str().expect("one url");
    assert!(
        url.starts_with("https://resource/") && url.ends_with(".jpg"),
        "{}",
        r.dump()
    );
    assert_eq!(r.of("call").len(), 1, "{}", r.dump());
}

#[test]
fn upload_file() {
    let s = Seeds::new();
    let dir = s.prepare("upload-file", &[], "my");
    let r = s.run(&dir.join("index.js"), &[]);
    assert_eq!(r.code, 0, "{}", r.dump());
    // The first upload succeeds; the second is aborted at once (no callbacks).
    assert_eq!(
        r.ui(),
        [r#"[ui] alert {"content":"Upload successful"}"#],
        "{}",
        r.dump()
    );
}

#[test]
fn socket_my() {
    let s = Seeds::new();
    let port = s.server.port();
    let ws = format!("ws.minihost.test:{port}");
    let dir = s.prepare("socket-my", &[("ws.minihost.test:8443", ws.as_str())], "my");
    // The sample connects to wss://ws.minihost.test: list and resolve it.
    let cfg_path = dir.join("minihost.json");
    let mut cfg: Value =
        serde_json::from_str(&fs::read_to_string(&cfg_path).expect("config")).expect("json");
    cfg["domains"]["socket"] = json!([ws]);
    cfg["resolve"]
        .as_array_mut()
        .expect("resolve list")
        .push(json!(format!("{ws}:127.0.0.1")));
    fs::write(&cfg_path, cfg.to_string()).expect("write config");
    assert!(
        fs::read_to_string(dir.join("pages/index/index.js"))
            .expect("page")
            .contains(&format!("wss://{ws}/ws/echo")),
        "the sample's URL points at the test server"
    );

    let r = s.run_limited(&dir, &["--call", "pages/index/index:connect_start"], "3");
    // The page keeps its socket open, so the time limit ends the run; the
    // socket is closed at shutdown and onSocketClose fires.
    assert_eq!(r.code, 124, "{}", r.dump());
    assert_eq!(
        r.ui(),
        [
            r#"[ui] showToast {"content":"success"}"#,
            r#"[ui] alert {"content":"Connection is established! "}"#,
            r#"[ui] alert {"content":"Connection is closed! "}"#,
        ],
        "{}",
        r.dump()
    );
    assert!(
        r.stderr.contains("minihost: time limit of 3s reached"),
        "{}",
        r.dump()
    );
    assert_eq!(r.of("call").len(), 1, "{}", r.dump());
    assert_eq!(r.of("socket.start").len(), 1, "{}", r.dump());
    assert_eq!(r.of("socket.close").len(), 1, "{}", r.dump());
    assert!(r.stdout.is_empty(), "{}", r.dump());
}
