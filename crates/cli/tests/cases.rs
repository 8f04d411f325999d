//! The JS cases: every `tests/cases/<group>/<name>.js` runs as a child
//! process of the built `minihost` binary (`minihost run`) against one
//! in-process devserver, with `tests/cases/harness.js` prepended.
//!
//! A case passes when the exit code is the expected one and the last line of
//! stdout is `PASS`. Leading `//` lines of a case may hold directives:
//!
//! - `// exit: N` — the expected exit code (default 0);
//! - `// args: ...` — extra `minihost run` arguments (split on spaces);
//! - `// config: {...}` — JSON merged over the generated `minihost.json`
//!   (top-level keys replace the generated ones).
//!
//! `MINIHOST_CASES=substring` runs only the cases whose `group/name`
//! contains it. Cases run 4 at a time, each with its own data dir.

use std::collections::VecDeque;
use std::fs;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use minihost_devserver::{DevServer, ServeOptions};
use serde_json::{json, Value};

/// Cases running at once.
const PARALLEL: usize = 4;
/// The host's own time limit for a case (unless the case sets one).
const CASE_TIME_LIMIT: &str = "20";
/// A child still running after this is killed.
const KILL_AFTER: Duration = Duration::from_secs(60);

struct Case {
    /// `group/name`.
    name: String,
    source: String,
    exit: i32,
    args: Vec<String>,
    config: Option<Value>,
}

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/cases")
}

fn parse_case(name: String, source: String) -> Case {
    let mut case = Case {
        name,
        source,
        exit: 0,
        args: Vec::new(),
        config: None,
    };
    let directives: Vec<String> = case
        .source
        .lines()
        .take_while(|l| l.trim_start().starts_with("//"))
        .map(|l| l.trim_start().trim_start_matches('/').trim().to_string())
        .collect();
    for d in directives {
        if let Some(v) = d.strip_prefix("exit:") {
            case.exit = v
                .trim()
                .parse()
                .unwrap_or_else(|_| panic!("{}: bad exit directive {v:?}", case.name));
        } else if let Some(v) = d.strip_prefix("args:") {
            case.args.extend(v.split_whitespace().map(str::to_string));
        } else if let Some(v) = d.strip_prefix("config:") {
            let value: Value = serde_json::from_str(v.trim())
                .unwrap_or_else(|e| panic!("{}: bad config directive: {e}", case.name));
            case.config = Some(value);
        }
    }
    case
}

fn discover(filter: Option<&str>) -> Vec<Case> {
    let mut out = Vec::new();
    let mut groups: Vec<PathBuf> = fs::read_dir(cases_dir())
        .expect("tests/cases exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    groups.sort();
    for g in groups {
        let group = g
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let mut files: Vec<PathBuf> = fs::read_dir(&g)
            .expect("group dir readable")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "js"))
            .collect();
        files.sort();
        for f in files {
            let stem = f
                .file_stem()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            let name = format!("{group}/{stem}");
            if filter.is_some_and(|s| !name.contains(s)) {
                continue;
            }
            let source = fs::read_to_string(&f).expect("case readable");
            out.push(parse_case(name, source));
        }
    }
    out
}

/// A port with nothing listening on 127.0.0.1.
fn dead_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").expect("bind");
    l.local_addr().expect("addr").port()
}

struct Env {
    dir: PathBuf,
    config: Value,
    harness: String,
    harness_lines: usize,
}

struct Failure {
    name: String,
    why: String,
    stdout: String,
    stderr: String,
}

fn run_case(env: &Env, case: &Case) -> Result<(), Failure> {
    let slug = case.name.replace('/', "__");
    let work = env.dir.join("runs").join(&slug);
    fs::create_dir_all(work.join("data")).expect("mkdir");
    let mut config = env.config.clone();
    if let (Some(Value::Object(extra)), Value::Object(base)) = (&case.config, &mut config) {
        for (k, v) in extra {
            base.insert(k.clone(), v.clone());
        }
    }
    let cfg_path = work.join("minihost.json");
    fs::write(
        &cfg_path,
        serde_json::to_string_pretty(&config).expect("json"),
    )
    .expect("write");
    let script = work.join(format!("{slug}.js"));
    fs::write(&script, format!("{}\n{}", env.harness, case.source)).expect("write");
    let out_path = work.join("stdout.txt");
    let err_path = work.join("stderr.txt");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_minihost"));
    cmd.arg("run").arg(&script).arg("--config").arg(&cfg_path);
    if !case.args.iter().any(|a| a == "--time-limit") {
        cmd.args(["--time-limit", CASE_TIME_LIMIT]);
    }
    cmd.args(&case.args)
        .env("MINIHOST_DATA_DIR", work.join("data"))
        .stdin(Stdio::null())
        .stdout(fs::File::create(&out_path).expect("create"))
        .stderr(fs::File::create(&err_path).expect("create"));
    let started = Instant::now();
    let mut child = cmd.spawn().expect("spawn minihost");
    let status = loop {
        match child.try_wait() {
            Ok(Some(s)) => break Some(s),
            Ok(None) if started.elapsed() > KILL_AFTER => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(_) => break None,
        }
    };
    let stdout = fs::read_to_string(&out_path).unwrap_or_default();
    let stderr = fs::read_to_string(&err_path).unwrap_or_default();
    let fail = |why: String| Failure {
        name: case.name.clone(),
        why,
        stdout: stdout.clone(),
        stderr: stderr.clone(),
    };
    let Some(status) = status else {
        return Err(fail(format!("killed after {KILL_AFTER:?}")));
    };
    let code = status.code().unwrap_or(-1);
    let last = stdout
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("");
    if code != case.exit {
        return Err(fail(format!("exit code {code}, expected {}", case.exit)));
    }
    if last.trim() != "PASS" {
        return Err(fail(format!("last stdout line is {last:?}, not PASS")));
    }
    Ok(())
}

#[test]
fn js_cases() {
    let filter = std::env::var("MINIHOST_CASES").ok();
    let cases = discover(filter.as_deref());
    assert!(!cases.is_empty(), "no cases found");

    let server = DevServer::start(ServeOptions::default()).expect("devserver");
    let port = server.port();
    let http_port = server.http_port();
    let dead = dead_port();
    let tmp = tempfile::tempdir().expect("tempdir");
    let host = |name: &str| format!("{name}.minihost.test:{port}");
    let config = json!({
        "appid": "wxcase0123456789",
        "version": "1.0.0",
        "domains": {
            "request": [host("api"), format!("dead.minihost.test:{dead}")],
            "uploadFile": [host("api"), host("cdn")],
            "downloadFile": [host("api"), host("cdn")],
            "socket": [host("ws"), host("api")],
        },
        "resolve": [
            format!("api.minihost.test:{port}:127.0.0.1"),
            format!("other.minihost.test:{port}:127.0.0.1"),
            format!("cdn.minihost.test:{port}:127.0.0.1"),
            format!("ws.minihost.test:{port}:127.0.0.1"),
            format!("dead.minihost.test:{dead}:127.0.0.1"),
            format!("api.minihost.test:{http_port}:127.0.0.1"),
            format!("other.minihost.test:{http_port}:127.0.0.1"),
        ],
        "caCerts": [server.ca_pem_path()],
    });
    let harness = fs::read_to_string(cases_dir().join("harness.js"))
        .expect("harness.js")
        .replace("%SERVER%", &format!("https://api.minihost.test:{port}"))
        .replace("%CDN%", &format!("https://cdn.minihost.test:{port}"))
        .replace("%WSS%", &format!("wss://ws.minihost.test:{port}"))
        .replace("%OTHER%", &format!("https://other.minihost.test:{port}"))
        .replace("%DEAD%", &format!("https://dead.minihost.test:{dead}"))
        .replace("%HTTP%", &format!("http://api.minihost.test:{http_port}"));
    let harness_lines = harness.lines().count() + 1;
    let env = Arc::new(Env {
        dir: tmp.path().to_path_buf(),
        config,
        harness,
        harness_lines,
    });

    let total = cases.len();
    let queue = Arc::new(Mutex::new(cases.into_iter().collect::<VecDeque<_>>()));
    let failures = Arc::new(Mutex::new(Vec::new()));
    let workers: Vec<_> = (0..PARALLEL)
        .map(|_| {
            let (queue, failures, env) = (queue.clone(), failures.clone(), env.clone());
            std::thread::spawn(move || loop {
                let next = queue.lock().map(|mut q| q.pop_front()).unwrap_or(None);
                let Some(case) = next else { break };
                if let Err(f) = run_case(&env, &case) {
                    if let Ok(mut all) = failures.lock() {
                        all.push(f);
                    }
                }
            })
        })
        .collect();
    for w in workers {
        w.join().expect("worker");
    }
    drop(server);

    let failures = std::mem::take(&mut *failures.lock().expect("lock"));
    if !failures.is_empty() {
        let mut report = format!(
            "{} of {total} JS cases failed (case line = reported line - {}):\n",
            failures.len(),
            env.harness_lines
        );
        for f in &failures {
            report.push_str(&format!(
                "\n=== {}: {}\n--- stdout\n{}\n--- stderr\n{}\n",
                f.name,
                f.why,
                tail(&f.stdout),
                tail(&f.stderr)
            ));
        }
        panic!("{report}");
    }
    eprintln!("{total} JS cases passed");
}

fn tail(s: &str) -> String {
    let lines: Vec<&str> = s.lines().collect();
    let start = lines.len().saturating_sub(30);
    lines[start..].join("\n")
}
