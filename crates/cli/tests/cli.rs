//! The `minihost` command line: exit codes and one-line errors for bad
//! input, config discovery and flags over the file, the event log, `serve`'s
//! first lines, and `demo` showing real responses.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use minihost_devserver::{DevServer, ServeOptions};

fn minihost() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_minihost"));
    c.stdin(Stdio::null());
    c
}

fn run(args: &[&str], data: &Path) -> Output {
    minihost()
        .args(args)
        .env("MINIHOST_DATA_DIR", data)
        .output()
        .expect("run minihost")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A config for the devserver: `api.minihost.test` listed and resolved.
fn write_config(dir: &Path, server: &DevServer, extra: &str) -> std::path::PathBuf {
    let port = server.port();
    let cfg = format!(
        r#"{{"appid":"wxcli0123456789","domains":{{"request":["api.minihost.test:{port}"]}},
            "resolve":["api.minihost.test:{port}:127.0.0.1"],"caCerts":[{ca:?}]{extra}}}"#,
        ca = server.ca_pem_path().display().to_string(),
    );
    let p = dir.join("minihost.json");
    std::fs::write(&p, cfg).expect("write config");
    p
}

#[test]
fn bad_command_lines_exit_2_with_one_line() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let script = tmp.path().join("s.js");
    std::fs::write(&script, "console.log('x')").expect("write");
    let s = script.to_str().expect("utf8");
    let not_a_project = tmp.path().to_str().expect("utf8"); // no app.json
    for args in [
        vec!["run", s, "--bogus"],
        vec!["run", s, "--platform", "xx"],
        vec!["run", s, "--domain", "nope=a.test"],
        vec!["run", s, "--domain", "request=127.0.0.1"],
        vec!["run", s, "--domain", "socket=*.a.test"],
        vec!["run", s, "--resolve", "a.test:x:127.0.0.1"],
        vec!["run", s, "--time-limit", "-1"],
        vec!["run", s, "--call", "no-method"],
        vec!["run", s, "--ca-cert", "/nonexistent/ca.pem"],
        vec!["run", "/nonexistent/script.js"],
        vec!["run", not_a_project],
        vec!["run", s, "--mount", "/nonexistent/dir"],
        vec!["frobnicate"],
    ] {
        let out = run(&args, tmp.path());
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            text(&out.stderr)
        );
        let err = text(&out.stderr);
        assert_eq!(
            err.trim_end().lines().count(),
            1,
            "{args:?}: one line: {err:?}"
        );
        assert!(err.starts_with("minihost: "), "{args:?}: {err:?}");
    }
}

#[test]
fn unknown_config_key_is_named() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let script = tmp.path().join("s.js");
    std::fs::write(&script, "console.log('x')").expect("write");
    // Found beside the script without --config.
    std::fs::write(
        tmp.path().join("minihost.json"),
        r#"{"appid":"a","domainz":{}}"#,
    )
    .expect("write");
    let out = run(&["run", script.to_str().expect("utf8")], tmp.path());
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("domainz"), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err:?}");
}

#[test]
fn exit_codes_of_run() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let cases = [
        (
            "ok.js",
            "setTimeout(function () { console.log('done') }, 5)",
            0,
            vec![],
        ),
        ("throw.js", "throw new Error('x')", 1, vec![]),
        ("reject.js", "Promise.reject(new Error('x'))", 1, vec![]),
        (
            "forever.js",
            "setInterval(function () {}, 10)",
            124,
            vec!["--time-limit", "0.3"],
        ),
    ];
    for (name, src, code, extra) in cases {
        let p = tmp.path().join(name);
        std::fs::write(&p, src).expect("write");
        let mut args = vec!["run", p.to_str().expect("utf8")];
        args.extend(extra);
        let out = run(&args, tmp.path());
        assert_eq!(
            out.status.code(),
            Some(code),
            "{name}: {}",
            text(&out.stderr)
        );
    }
}

#[test]
fn flags_override_the_file_and_events_are_logged() {
    let server = DevServer::start(ServeOptions::default()).expect("devserver");
    let tmp = tempfile::tempdir().expect("tempdir");
    let port = server.port();
    // The file sets platform my and lists no domain for other.minihost.test;
    // flags switch to wx, add the domain and its resolve rule.
    write_config(tmp.path(), &server, r#","platform":"my""#);
    let script = tmp.path().join("s.js");
    std::fs::write(
        &script,
        format!(
            "wx.request({{url: 'https://other.minihost.test:{port}/echo', success(r) {{ console.log(r.data.headers.referer); my.alert({{content: 'ok'}}); }}, fail(e) {{ console.log(JSON.stringify(e)); }}}})"
        ),
    )
    .expect("write");
    let events = tmp.path().join("events.jsonl");
    let out = run(
        &[
            "run",
            script.to_str().expect("utf8"),
            "--platform",
            "wx",
            "--appid",
            "wxflag0123456789",
            "--domain",
            &format!("request=other.minihost.test:{port}"),
            "--resolve",
            &format!("other.minihost.test:{port}:127.0.0.1"),
            "--events",
            events.to_str().expect("utf8"),
        ],
        tmp.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout).trim(),
        "https://servicewechat.com/wxflag0123456789/1.0.0/page-frame.html"
    );
    assert!(text(&out.stderr).contains("[ui] alert {\"content\":\"ok\"}"));
    let log = std::fs::read_to_string(&events).expect("events written");
    let lines: Vec<serde_json::Value> = log
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    let kinds: Vec<&str> = lines.iter().filter_map(|v| v["type"].as_str()).collect();
    assert!(kinds.contains(&"request.start"), "{kinds:?}");
    assert!(kinds.contains(&"ui"), "{kinds:?}");
    assert_eq!(kinds.last(), Some(&"exit"), "{kinds:?}");
    let end = lines
        .iter()
        .find(|v| v["type"] == "request.end")
        .expect("request.end");
    assert_eq!(end["status"], 200);
    assert_eq!(end["ok"], true);
    assert!(end["ms"].as_f64().is_some());
    assert!(lines.iter().all(|v| v["t"].as_f64().is_some()));
}

#[test]
fn serve_prints_listening_and_ca_first() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut child = minihost()
        .args(["serve", "--cert-dir", tmp.path().to_str().expect("utf8")])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn serve");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let first = lines.next().and_then(Result::ok).unwrap_or_default();
    let second = lines.next().and_then(Result::ok).unwrap_or_default();
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        first.starts_with("listening on https://127.0.0.1:"),
        "{first}"
    );
    let port: u16 = first
        .rsplit(':')
        .next()
        .and_then(|p| p.parse().ok())
        .expect("a port");
    assert!(port > 0);
    let ca = tmp.path().join("ca.pem");
    assert_eq!(second, format!("ca: {}", ca.display()));
    assert!(std::fs::read_to_string(ca)
        .expect("ca.pem")
        .contains("BEGIN CERTIFICATE"));
}

#[test]
fn demo_shows_real_responses() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut child = minihost()
        .arg("demo")
        .env("MINIHOST_DATA_DIR", tmp.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn demo");
    // Bounded: the demo's samples have a 30 s time limit each.
    let started = std::time::Instant::now();
    while child.try_wait().ok().flatten().is_none() && started.elapsed() < Duration::from_secs(90) {
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let out = child.wait_with_output().expect("demo output");
    let stdout = text(&out.stdout);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{stderr}");
    // The wx sample logs res.data: the echo of its GET with the query.
    assert!(stdout.contains("\"path\":\"/echo/test.php\""), "{stdout}");
    assert!(stdout.contains("\"query\":\"x=&y=\""), "{stdout}");
    // The my sample's alerts.
    assert!(
        stderr.contains("[ui] alert {\"content\":\"success\"}"),
        "{stderr}"
    );
    assert!(
        stderr.contains("[ui] alert {\"content\":\"complete\"}"),
        "{stderr}"
    );
    assert!(!stderr.contains("{\"content\":\"fail\"}"), "{stderr}");
}

/// A config listing `api.minihost.test:PORT` for every API, resolved to the
/// devserver, trusting its CA.
fn write_full_config(dir: &Path, server: &DevServer) {
    let port = server.port();
    let host = format!("api.minihost.test:{port}");
    let cfg = serde_json::json!({
        "appid": "wxcli0123456789",
        "domains": {
            "request": [host], "uploadFile": [host],
            "downloadFile": [host], "socket": [host],
        },
        "resolve": [format!("{host}:127.0.0.1")],
        "caCerts": [server.ca_pem_path()],
    });
    std::fs::write(dir.join("minihost.json"), cfg.to_string()).expect("write config");
}

/// Writes `body` as `s.js` in `dir`; returns its path as text.
fn write_script(dir: &Path, body: &str) -> String {
    let script = dir.join("s.js");
    std::fs::write(&script, body).expect("script");
    script.to_str().expect("utf8").to_owned()
}

fn read_events(path: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .expect("events written")
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

#[test]
fn events_carry_status_and_timing_for_requests_and_transfers() {
    let server = DevServer::start(ServeOptions::default()).expect("devserver");
    let tmp = tempfile::tempdir().expect("tempdir");
    write_full_config(tmp.path(), &server);
    let base = format!("https://api.minihost.test:{}", server.port());
    let script = tmp.path().join("s.js");
    std::fs::write(
        &script,
        format!(
            r#"wx.request({{url: '{base}/status/404', complete(r) {{ console.log('request', r.statusCode); }}}});
wx.downloadFile({{url: '{base}/download?size=1000', success(d) {{
  console.log('download', d.statusCode);
  wx.uploadFile({{url: '{base}/upload/status/201', filePath: d.tempFilePath, name: 'f',
    success(u) {{ console.log('upload', u.statusCode); }},
    fail(e) {{ console.log('upload failed', JSON.stringify(e)); }}}});
}}, fail(e) {{ console.log('download failed', JSON.stringify(e)); }}}});
my.downloadFile({{url: '{base}/download?size=10&status=503', complete() {{ console.log('my download done'); }}}});
"#
        ),
    )
    .expect("write");
    let events = tmp.path().join("events.jsonl");
    let out = run(
        &[
            "run",
            script.to_str().expect("utf8"),
            "--events",
            events.to_str().expect("utf8"),
        ],
        tmp.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    for line in [
        "request 404",
        "download 200",
        "upload 201",
        "my download done",
    ] {
        assert!(stdout.lines().any(|l| l == line), "{line}: {stdout}");
    }
    let lines = read_events(&events);
    // Every start has one end with the same id, the HTTP status and the time.
    let end_of = |ty: &str, url_part: &str| -> serde_json::Value {
        let start = lines
            .iter()
            .find(|v| {
                v["type"] == format!("{ty}.start")
                    && v["url"].as_str().is_some_and(|u| u.contains(url_part))
            })
            .unwrap_or_else(|| panic!("{ty}.start {url_part}: {lines:?}"));
        let ends: Vec<&serde_json::Value> = lines
            .iter()
            .filter(|v| v["type"] == format!("{ty}.end") && v["id"] == start["id"])
            .collect();
        assert_eq!(ends.len(), 1, "{ty} {url_part}: {lines:?}");
        assert!(
            ends[0]["ms"].as_f64().is_some_and(|ms| ms >= 0.0),
            "{lines:?}"
        );
        ends[0].clone()
    };
    let req = end_of("request", "/status/404");
    assert_eq!(
        (req["status"].clone(), req["ok"].clone()),
        (404.into(), true.into())
    );
    let dl = end_of("downloadFile", "size=1000");
    assert_eq!(
        (dl["status"].clone(), dl["ok"].clone()),
        (200.into(), true.into())
    );
    let up = end_of("uploadFile", "/upload/status/201");
    assert_eq!(
        (up["status"].clone(), up["ok"].clone()),
        (201.into(), true.into())
    );
    let failed = end_of("downloadFile", "status=503");
    assert_eq!(failed["status"], 503, "{lines:?}");
}

/// `--call`s run one after the other although the first leaves a socket
/// open: before each call the host waits for requests and near timers only.
#[test]
fn calls_run_with_a_socket_open() {
    let server = DevServer::start(ServeOptions::default()).expect("devserver");
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    write_full_config(dir, &server);
    let base = format!("api.minihost.test:{}", server.port());
    std::fs::write(dir.join("app.json"), r#"{"pages":["pages/index/index"]}"#).expect("write");
    std::fs::create_dir_all(dir.join("pages/index")).expect("mkdir");
    std::fs::write(
        dir.join("pages/index/index.js"),
        format!(
            r#"Page({{
  data: {{ replied: false, timer: false }},
  open() {{
    const t = wx.connectSocket({{url: 'wss://{base}/ws/echo', success() {{ console.log('connect called'); }}}});
    this.task = t;
    t.onOpen(() => console.log('open'));
    t.onMessage((m) => {{ console.log('message ' + m.data); t.close({{code: 1000, reason: 'bye'}}); }});
    t.onClose((c) => console.log('close ' + c.code + ' ' + c.reason));
    // Work the next call waits for: a slow request and a near timer.
    wx.request({{url: 'https://{base}/delay/200', success: () => this.setData({{ replied: true }})}});
    setTimeout(() => this.setData({{ timer: true }}), 100);
  }},
  sendAndClose() {{
    console.log('second call: replied ' + this.data.replied + ', timer ' + this.data.timer);
    this.task.send({{data: 'hello', success() {{ console.log('sent'); }}}});
  }},
}});
"#
        ),
    )
    .expect("write");
    let out = run(
        &[
            "run",
            dir.to_str().expect("utf8"),
            "--call",
            "pages/index/index:open",
            "--call",
            "pages/index/index:sendAndClose",
            "--time-limit",
            "30",
        ],
        dir,
    );
    let stdout = text(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}\n{}",
        text(&out.stderr)
    );
    let mut lines: Vec<&str> = stdout.lines().collect();
    // The send's success and the echo are independent events: either order.
    if lines.len() == 6 {
        lines[3..5].sort_unstable();
    }
    assert_eq!(
        lines,
        [
            "connect called",
            "open",
            "second call: replied true, timer true",
            "message hello",
            "sent",
            "close 1000 bye"
        ],
        "{}",
        text(&out.stderr)
    );
}

/// `--mount DIR`: the folder is readable under `wxfile://usr/<name>/`,
/// uploadable, and read-only.
#[test]
fn mount_is_readable_uploadable_and_read_only() {
    use sha2::Digest;
    let server = DevServer::start(ServeOptions::default()).expect("devserver");
    let tmp = tempfile::tempdir().expect("tempdir");
    write_full_config(tmp.path(), &server);
    let mount = tmp.path().join("assets");
    std::fs::create_dir_all(&mount).expect("mkdir");
    let content: String = (0..2000).map(|i| format!("line {i}\n")).collect();
    std::fs::write(mount.join("a.txt"), &content).expect("write");
    let sha = format!("{:x}", sha2::Sha256::digest(content.as_bytes()));
    let base = format!("https://api.minihost.test:{}", server.port());
    let script = tmp.path().join("s.js");
    std::fs::write(
        &script,
        format!(
            r#"const fsm = wx.getFileSystemManager();
const p = 'wxfile://usr/assets/a.txt';
const text = fsm.readFileSync(p, 'utf8');
console.log('read ' + text.length + ' ' + text.split('\n')[1999]);
console.log('my read ' + my.getFileSystemManager().readFileSync('https://usr/assets/a.txt', 'utf8').length);
for (const target of [p, 'wxfile://usr/assets/new.txt']) {{
  try {{ fsm.writeFileSync(target, 'x', 'utf8'); console.log('written ' + target); }}
  catch (e) {{ console.log(e.message); }}
}}
fsm.unlink({{filePath: p, fail(e) {{ console.log('unlink ' + e.errno); }}}});
wx.uploadFile({{url: '{base}/upload', filePath: p, name: 'file',
  success(r) {{ const f = JSON.parse(r.data).files[0]; console.log('uploaded ' + f.fileName + ' ' + f.size + ' ' + f.sha256); }},
  fail(e) {{ console.log('upload failed ' + JSON.stringify(e)); }}}});
"#
        ),
    )
    .expect("write");
    let out = run(
        &[
            "run",
            script.to_str().expect("utf8"),
            "--mount",
            mount.to_str().expect("utf8"),
        ],
        tmp.path(),
    );
    let stdout = text(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}\n{}",
        text(&out.stderr)
    );
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines[..5],
        [
            format!("read {} line 1999", content.len()).as_str(),
            format!("my read {}", content.len()).as_str(),
            "writeFileSync:fail permission denied, open wxfile://usr/assets/a.txt",
            "writeFileSync:fail permission denied, open wxfile://usr/assets/new.txt",
            "unlink 1300013",
        ],
        "{stdout}"
    );
    assert_eq!(
        lines.get(5).copied(),
        Some(format!("uploaded a.txt {} {sha}", content.len()).as_str()),
        "{stdout}"
    );
    assert_eq!(lines.len(), 6, "{stdout}");
    // The host folder is untouched.
    assert_eq!(
        std::fs::read_to_string(mount.join("a.txt")).expect("read"),
        content
    );
    assert!(!mount.join("new.txt").exists());
}

/// SPEC §11: console output on stdout; `[ui]` lines and host warnings on
/// stderr.
#[test]
fn console_on_stdout_ui_and_warnings_on_stderr() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let script = tmp.path().join("s.js");
    std::fs::write(
        &script,
        "console.log('log line'); console.info('info line');\n\
         console.warn('warn line'); console.error('error line');\n\
         wx.showToast({title: 'toast'}); my.alert({content: 'alert'});\n\
         setInterval(function () {}, 50);",
    )
    .expect("write");
    let out = run(
        &["run", script.to_str().expect("utf8"), "--time-limit", "0.5"],
        tmp.path(),
    );
    assert_eq!(out.status.code(), Some(124));
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    // SPEC §11: all of the script's console output is on stdout.
    assert_eq!(
        stdout, "log line\ninfo line\nwarn line\nerror line\n",
        "{stderr}"
    );
    let err: Vec<&str> = stderr.lines().collect();
    assert_eq!(
        err,
        [
            r#"[ui] showToast {"title":"toast"}"#,
            r#"[ui] alert {"content":"alert"}"#,
            "minihost: time limit of 0.5s reached",
        ],
        "{stderr}"
    );
}

/// SPEC §11 exit codes not covered above: nested unknown keys, an unhandled
/// rejection raised later in a callback, an uncaught error in a timer.
#[test]
fn more_exit_codes() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let script = tmp.path().join("s.js");
    std::fs::write(&script, "console.log('x')").expect("write");
    let cfg = tmp.path().join("other.json");
    for (json, key) in [
        (r#"{"limits":{"maxFoo":1}}"#, "maxFoo"),
        (r#"{"domains":{"websocket":[]}}"#, "websocket"),
        (r#"{"networkTimeout":{"requst":5}}"#, "requst"),
    ] {
        std::fs::write(&cfg, json).expect("write");
        let out = run(
            &[
                "run",
                script.to_str().expect("utf8"),
                "--config",
                cfg.to_str().expect("utf8"),
            ],
            tmp.path(),
        );
        assert_eq!(out.status.code(), Some(2), "{json}");
        let err = text(&out.stderr);
        assert!(err.contains(key), "{json}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{err:?}");
        assert!(out.stdout.is_empty(), "nothing ran: {json}");
    }
    for (name, src, code, needle) in [
        (
            "later.js",
            "setTimeout(function () { Promise.reject(new Error('late')); console.log('after'); }, 5)",
            1,
            "Uncaught (in promise)",
        ),
        (
            "async.js",
            "(async function () { await null; throw new Error('in async'); })()",
            1,
            "in async",
        ),
        (
            "timer.js",
            "setTimeout(function () { throw new Error('in timer'); }, 5); setTimeout(function () { console.log('still runs'); }, 20)",
            1,
            "in timer",
        ),
        (
            "handled.js",
            "var p = Promise.reject(new Error('h')); p.catch(function () { console.log('caught'); });",
            0,
            "",
        ),
    ] {
        let p = tmp.path().join(name);
        std::fs::write(&p, src).expect("write");
        let out = run(&["run", p.to_str().expect("utf8")], tmp.path());
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(code), "{name}: {err}");
        assert!(err.contains(needle), "{name}: {err}");
    }
}

/// The settle before a `--call` is bounded: a page that polls with a short
/// interval forever still gets its call (after at most a few seconds).
#[test]
fn call_runs_despite_a_polling_timer() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    std::fs::write(dir.join("app.json"), r#"{"pages":["pages/index/index"]}"#).expect("write");
    std::fs::create_dir_all(dir.join("pages/index")).expect("mkdir");
    std::fs::write(
        dir.join("pages/index/index.js"),
        "Page({ onLoad() { this.n = 0; this.poll = setInterval(() => { this.n++; }, 50); },\n\
                stop() { clearInterval(this.poll); console.log('stopped, polled ' + (this.n > 0)); } });",
    )
    .expect("write");
    let out = run(
        &[
            "run",
            dir.to_str().expect("utf8"),
            "--call",
            "pages/index/index:stop",
            "--time-limit",
            "20",
        ],
        dir,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "stopped, polled true\n");
}

#[test]
fn callback_exceptions_at_shutdown_are_reported() {
    // SPEC §1: a throwing callback is reported, also when it runs because the
    // time limit interrupted its task; the exit code stays 124.
    let server = DevServer::start(ServeOptions::default()).expect("devserver");
    let hp = server.http_port();
    let tmp = tempfile::tempdir().expect("tempdir");
    let script = write_script(
        tmp.path(),
        &format!(
            r#"wx.request({{ url: 'http://127.0.0.1:{hp}/delay/10000',
  fail: function () {{ console.log('fail ran'); throw new Error('thrown in fail at shutdown'); }} }});
var s = wx.connectSocket({{ url: 'ws://127.0.0.1:{hp}/ws/echo' }});
s.onClose(function (r) {{ console.log('onClose ran ' + r.code); throw new Error('thrown in onClose at shutdown'); }});
"#
        ),
    );
    let events = tmp.path().join("ev.jsonl");
    let out = run(
        &[
            "run",
            &script,
            "--no-url-check",
            "--time-limit",
            "0.5",
            "--events",
            events.to_str().expect("utf8"),
        ],
        tmp.path(),
    );
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(124), "{stdout}\n{stderr}");
    assert!(stdout.contains("fail ran"), "{stdout}");
    assert!(stdout.contains("onClose ran 1001"), "{stdout}");
    assert!(
        stderr.contains("Uncaught Error: thrown in fail at shutdown"),
        "{stderr}"
    );
    assert!(
        stderr.contains("Uncaught Error: thrown in onClose at shutdown"),
        "{stderr}"
    );
    let errors = read_events(&events)
        .into_iter()
        .filter(|e| e["type"] == "error")
        .count();
    assert_eq!(errors, 2, "error events");
}

#[test]
fn interrupted_download_leaves_no_file_when_fail_runs() {
    // SPEC §4: a failed download leaves no file behind; at the time limit the
    // interrupted download's `fail` already sees no .part file.
    let server = DevServer::start(ServeOptions::default()).expect("devserver");
    let hp = server.http_port();
    let tmp = tempfile::tempdir().expect("tempdir");
    let script = write_script(
        tmp.path(),
        &format!(
            r#"var t = wx.downloadFile({{ url: 'http://127.0.0.1:{hp}/download?size=10000000&slow=50',
  fail: function (e) {{ console.log(e.errMsg + ' ' + JSON.stringify(__mh.tempFiles())); }} }});
t.onProgressUpdate(function () {{}});
"#
        ),
    );
    let out = run(
        &["run", &script, "--no-url-check", "--time-limit", "0.5"],
        tmp.path(),
    );
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(124), "{stdout}\n{stderr}");
    assert_eq!(
        stdout.trim(),
        "downloadFile:fail interrupted []",
        "{stderr}"
    );
}
