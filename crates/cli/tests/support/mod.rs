//! What the whole-run tests share: running the built binary with an event
//! log and a kill-after bound, and reading what it printed.

// Each test binary compiles this module and uses a part of it.
#![allow(dead_code)]

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// A child still running after this is killed.
pub const KILL_AFTER: Duration = Duration::from_secs(60);

/// How one `minihost run` ended and what it wrote.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    pub events: Vec<Value>,
}

impl Run {
    /// The stdout lines.
    pub fn lines(&self) -> Vec<&str> {
        self.stdout.lines().collect()
    }

    /// The `[ui] ...` lines of stderr.
    pub fn ui(&self) -> Vec<&str> {
        self.stderr
            .lines()
            .filter(|l| l.starts_with("[ui] "))
            .collect()
    }

    /// The events of `type`.
    pub fn of(&self, ty: &str) -> Vec<&Value> {
        self.events.iter().filter(|e| e["type"] == ty).collect()
    }

    /// Everything, for an assertion message.
    pub fn dump(&self) -> String {
        format!(
            "exit {}\n--- stdout\n{}\n--- stderr\n{}\n--- events\n{}",
            self.code,
            self.stdout,
            self.stderr,
            self.events
                .iter()
                .map(Value::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        )
    }
}

/// Runs `minihost run <path> --events ... [--time-limit time_limit] args` with
/// its data dir, output files and event log in `work`.
pub fn run_minihost(path: &Path, work: &Path, time_limit: Option<&str>, args: &[&str]) -> Run {
    fs::create_dir_all(work.join("data")).expect("mkdir");
    let events = work.join("events.jsonl");
    let out = work.join("stdout.txt");
    let err = work.join("stderr.txt");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_minihost"));
    cmd.arg("run").arg(path).arg("--events").arg(&events);
    if let Some(t) = time_limit {
        cmd.args(["--time-limit", t]);
    }
    cmd.args(args)
        .env("MINIHOST_DATA_DIR", work.join("data"))
        .stdin(Stdio::null())
        .stdout(fs::File::create(&out).expect("create"))
        .stderr(fs::File::create(&err).expect("create"));
    let started = Instant::now();
    let mut child = cmd.spawn().expect("spawn minihost");
    let code = loop {
        match child.try_wait() {
            Ok(Some(s)) => break s.code().unwrap_or(-1),
            Ok(None) if started.elapsed() > KILL_AFTER => {
                let _ = child.kill();
                let _ = child.wait();
                break -9;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(_) => break -1,
        }
    };
    Run {
        code,
        stdout: fs::read_to_string(&out).unwrap_or_default(),
        stderr: fs::read_to_string(&err).unwrap_or_default(),
        events: fs::read_to_string(&events)
            .unwrap_or_default()
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| {
                serde_json::from_str(l).unwrap_or_else(|e| panic!("bad event line {l:?}: {e}"))
            })
            .collect(),
    }
}
