//! `minihost demo`: every runnable code sample of the seeds (`examples/seeds/`)
//! against the bundled test server, started in-process.
//!
//! Each sample is copied into a temp dir. The only changes are the server
//! addresses: the samples are written for `api.minihost.test:8443` /
//! `ws.minihost.test:8443` (or carry the seed's own placeholder, `test.php`,
//! `https://httpbin.org/post`), and the demo points them at the server's real
//! port, printing every substitution it makes. The config (domains, `--resolve`
//! rules, the server's CA) is made here, so nothing needs setting up.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use minihost_devserver::{DevServer, ServeOptions};
use minihost_js::page::Call;
use minihost_js::{Host, HostOptions};
use minihost_net::config::ResolveRule;
use minihost_net::{AppConfig, Dialect};

/// One sample: its folder under `examples/seeds/`, its dialect, what to run
/// in it (a script file, or `""` for the folder as a project), the page
/// methods to call as taps, and the seed's own placeholders to replace
/// (`{base}` is `https://api.minihost.test:PORT`).
struct Sample {
    name: &'static str,
    platform: Dialect,
    entry: &'static str,
    calls: &'static [&'static str],
    replace: &'static [(&'static str, &'static str)],
    /// Why the sample ends by the time limit rather than by draining, if it does.
    open_ended: Option<&'static str>,
}

const SAMPLES: &[Sample] = &[
    Sample {
        name: "request-wx",
        platform: Dialect::Wx,
        entry: "index.js",
        calls: &[],
        replace: &[("'test.php'", "'{base}/echo/test.php'")],
        open_ended: None,
    },
    Sample {
        name: "request-my",
        platform: Dialect::My,
        entry: "index.js",
        calls: &[],
        replace: &[("https://httpbin.org/post", "{base}/echo/post")],
        open_ended: None,
    },
    Sample {
        name: "request-task-listeners-wx",
        platform: Dialect::Wx,
        entry: "headers-received.js",
        calls: &[],
        replace: &[],
        open_ended: None,
    },
    Sample {
        name: "request-task-listeners-wx",
        platform: Dialect::Wx,
        entry: "chunk-received.js",
        calls: &[],
        replace: &[],
        open_ended: None,
    },
    Sample {
        name: "upload-file",
        platform: Dialect::My,
        entry: "index.js",
        calls: &[],
        replace: &[],
        open_ended: None,
    },
    Sample {
        name: "download-file",
        platform: Dialect::My,
        entry: "",
        calls: &["page/API/download-file/download-file:download"],
        replace: &[],
        open_ended: None,
    },
    Sample {
        name: "socket-my",
        platform: Dialect::My,
        entry: "",
        calls: &["pages/index/index:connect_start"],
        replace: &[],
        open_ended: Some("the sample keeps its socket open, as a page would"),
    },
    Sample {
        name: "socket-listeners-off-socket-open",
        platform: Dialect::My,
        entry: "",
        calls: &[],
        replace: &[],
        open_ended: None,
    },
    Sample {
        name: "socket-listeners-off-socket-error",
        platform: Dialect::My,
        entry: "",
        calls: &[],
        replace: &[],
        open_ended: None,
    },
    Sample {
        name: "socket-listeners-off-socket-close",
        platform: Dialect::My,
        entry: "",
        calls: &[],
        replace: &[],
        open_ended: None,
    },
];

/// How long an open-ended sample runs before the demo moves on.
const OPEN_ENDED_LIMIT: Duration = Duration::from_secs(2);

/// Runs the demo; returns the process exit code.
pub(crate) fn run() -> i32 {
    let server = match DevServer::start(ServeOptions::default()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("minihost: cannot start the test server: {e}");
            return 1;
        }
    };
    let dir = std::env::temp_dir().join(format!("minihost-demo-{}", std::process::id()));
    let result = run_samples(&server, &dir);
    let _ = std::fs::remove_dir_all(&dir);
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("minihost: demo: {e}");
            1
        }
    }
}

fn seeds_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/seeds")
}

fn run_samples(server: &DevServer, dir: &Path) -> Result<i32, String> {
    let port = server.port();
    let base = format!("https://api.minihost.test:{port}");
    let seeds = seeds_dir();
    if !seeds.is_dir() {
        return Err(format!(
            "the samples are read from {}; run the demo from a checkout of minihost",
            seeds.display()
        ));
    }
    println!("minihost demo: test server on https://127.0.0.1:{port}");
    println!(
        "(api.minihost.test and ws.minihost.test resolve to 127.0.0.1 through --resolve rules)"
    );
    let mut worst = 0;
    for (i, s) in SAMPLES.iter().enumerate() {
        let work = dir.join(format!("{i}-{}", s.name));
        copy_tree(&seeds.join(s.name), &work).map_err(|e| format!("{}: {e}", s.name))?;
        let mut subs: Vec<(String, String)> = vec![
            (
                "api.minihost.test:8443".into(),
                format!("api.minihost.test:{port}"),
            ),
            (
                "ws.minihost.test:8443".into(),
                format!("ws.minihost.test:{port}"),
            ),
        ];
        subs.extend(
            s.replace
                .iter()
                .map(|(from, to)| (from.to_string(), to.replace("{base}", &base))),
        );
        let target = if s.entry.is_empty() {
            work.clone()
        } else {
            work.join(s.entry)
        };
        println!();
        println!(
            "== {} (examples/seeds/{}/{}) ==",
            s.name,
            s.name,
            if s.entry.is_empty() { "" } else { s.entry }
        );
        for made in substitute_tree(&work, &subs).map_err(|e| e.to_string())? {
            println!("substituted {made}");
        }
        let mut calls = Vec::new();
        for c in s.calls {
            println!("tap: {c}");
            calls.push(Call::parse(c)?);
        }
        let opts = HostOptions {
            default_dialect: s.platform,
            config: config_for(s, server, &work.join("data"))?,
            time_limit: Some(if s.open_ended.is_some() {
                OPEN_ENDED_LIMIT
            } else {
                Duration::from_secs(30)
            }),
            calls,
            ..HostOptions::default()
        };
        let _ = std::io::stdout().flush();
        let outcome = Host::new(opts).run(&target);
        let _ = std::io::stdout().flush();
        let _ = std::io::stderr().flush();
        match (s.open_ended, outcome.exit_code) {
            (Some(why), 124) => {
                println!("-- {} stopped after {:?}: {why}", s.name, OPEN_ENDED_LIMIT)
            }
            (_, code) => {
                println!("-- {} exited with {code}", s.name);
                worst = worst.max(code);
            }
        }
    }
    Ok(worst)
}

/// The app config of one sample: every list names the bundled server.
fn config_for(s: &Sample, server: &DevServer, data: &Path) -> Result<AppConfig, String> {
    let port = server.port();
    let mut cfg = AppConfig::default();
    cfg.set_appid(match s.platform {
        Dialect::Wx => "wxdemo0123456789",
        Dialect::My => "2021000000000000",
    });
    cfg.platform = s.platform;
    cfg.data_dir = data.to_path_buf();
    for host in ["api.minihost.test", "ws.minihost.test"] {
        let entry = format!("{host}:{port}");
        let d = &mut cfg.domains;
        for list in [
            &mut d.request,
            &mut d.upload_file,
            &mut d.download_file,
            &mut d.socket,
        ] {
            list.push(entry.clone());
        }
        cfg.resolve
            .push(ResolveRule::parse(&format!("{entry}:127.0.0.1"))?);
    }
    cfg.ca_certs.push(server.ca_pem_path());
    Ok(cfg)
}

fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let dest = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_tree(&entry.path(), &dest)?;
        } else if entry.file_name() != "minihost.json" {
            // The demo makes the config itself.
            std::fs::copy(entry.path(), dest)?;
        }
    }
    Ok(())
}

/// Replaces each `(from, to)` in every `.js` file under `dir`; returns one
/// line per substitution made.
fn substitute_tree(dir: &Path, subs: &[(String, String)]) -> std::io::Result<Vec<String>> {
    let mut made = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            made.extend(substitute_tree(&path, subs)?);
            continue;
        }
        if path.extension().and_then(|e| e.to_str()) != Some("js") {
            continue;
        }
        let mut text = std::fs::read_to_string(&path)?;
        let mut changed = false;
        for (from, to) in subs {
            if text.contains(from.as_str()) {
                made.push(format!("{from} -> {to}"));
                text = text.replace(from.as_str(), to);
                changed = true;
            }
        }
        if changed {
            std::fs::write(&path, text)?;
        }
    }
    made.sort();
    made.dedup();
    Ok(made)
}
