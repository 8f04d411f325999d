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
    for args in [
        vec!["run", s, "--bogus"],
        vec!["run", s, "--platform", "xx"],
        vec!["run", s, "--domain", "nope=a.test"],
        vec!["run", s, "--resolve", "a.test:x:127.0.0.1"],
        vec!["run", s, "--time-limit", "-1"],
        vec!["run", s, "--call", "no-method"],
        vec!["run", s, "--ca-cert", "/nonexistent/ca.pem"],
        vec!["run", "/nonexistent/script.js"],
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
