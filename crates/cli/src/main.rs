//! `minihost`: a headless mini-program host.
//!
//! ```text
//! minihost run <script.js | project-dir> [--config FILE] [--platform wx|my]
//!              [--appid ID] [--domain API=HOST[:PORT]]... [--no-url-check]
//!              [--resolve HOST:PORT:ADDR]... [--ca-cert PEM]...
//!              [--call PAGE_ROUTE:METHOD]... [--time-limit SECONDS]
//!              [--mount DIR] [--events FILE]
//! minihost serve [--port PORT] [--cert-dir DIR]
//! minihost demo
//! ```
//!
//! Exit codes of `run`: 0 the event loop drained with no uncaught error, 1 an
//! uncaught error or unhandled rejection, 2 bad command-line or config input,
//! 124 the time limit. Errors of the command line print one line on stderr.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};
use minihost_devserver::{DevServer, ServeOptions};
use minihost_js::page::Call;
use minihost_js::{Host, HostOptions};
use minihost_net::config::ResolveRule;
use minihost_net::{AppConfig, Dialect};

mod demo;

/// The config file looked for beside the script or in the project dir.
const CONFIG_NAME: &str = "minihost.json";

/// Longest `--time-limit` (a day), so that every run ends.
const MAX_TIME_LIMIT: f64 = 86_400.0;

#[derive(Parser, Debug)]
#[command(
    name = "minihost",
    version,
    about = "A headless mini-program host: runs wx / my logic-layer JavaScript with native networking"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
#[allow(clippy::large_enum_variant)] // built once per process
enum Command {
    /// Run a script or a mini-program project until nothing is pending.
    Run(RunArgs),
    /// Start the bundled HTTPS/WSS developer test server on 127.0.0.1.
    Serve {
        /// HTTPS/WSS port (0: any free port).
        #[arg(long, default_value_t = 0)]
        port: u16,
        /// Where to write ca.pem, cert.pem and key.pem (default: a temp dir).
        #[arg(long, value_name = "DIR")]
        cert_dir: Option<PathBuf>,
    },
    /// Run the bundled seed samples against the bundled test server.
    Demo,
}

#[derive(Args, Debug)]
struct RunArgs {
    /// A script file or a project folder (with app.json).
    #[arg(value_name = "SCRIPT.JS | PROJECT-DIR")]
    path: PathBuf,
    /// The app config (default: minihost.json beside the script / in the project).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Default dialect (referer and defaults); wx and my are both installed.
    #[arg(long, value_name = "wx|my")]
    platform: Option<String>,
    /// App id (Referer, data dir).
    #[arg(long, value_name = "ID")]
    appid: Option<String>,
    /// Adds a server domain: API is request, uploadFile, downloadFile or socket.
    #[arg(long = "domain", value_name = "API=HOST[:PORT]")]
    domains: Vec<String>,
    /// Dev mode: skip the domain policy, allow http/ws.
    #[arg(long)]
    no_url_check: bool,
    /// Resolve HOST:PORT to ADDR (like curl --resolve).
    #[arg(long = "resolve", value_name = "HOST:PORT:ADDR")]
    resolve: Vec<String>,
    /// Trust this CA certificate (PEM) in addition to the system roots.
    #[arg(long = "ca-cert", value_name = "PEM")]
    ca_certs: Vec<PathBuf>,
    /// Call METHOD on page PAGE_ROUTE after the app settled (repeatable).
    #[arg(long = "call", value_name = "PAGE_ROUTE:METHOD")]
    calls: Vec<String>,
    /// Stop after this many seconds (exit code 124).
    #[arg(long, value_name = "SECONDS")]
    time_limit: Option<f64>,
    /// Expose a host folder read-only under the user data path.
    #[arg(long, value_name = "DIR")]
    mount: Option<PathBuf>,
    /// Write host events as JSON lines to FILE.
    #[arg(long, value_name = "FILE")]
    events: Option<PathBuf>,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            use clap::error::ErrorKind;
            if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion)
                || matches!(
                    e.kind(),
                    ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
                )
            {
                let _ = e.print();
                let code = if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
                    2
                } else {
                    0
                };
                return ExitCode::from(code);
            }
            return fail(&one_line(&e.to_string()));
        }
    };
    minihost_net::install_crypto_provider();
    let code = match cli.command {
        Command::Run(args) => match build(&args) {
            Ok((opts, path)) => {
                let code = Host::new(opts).run(&path).exit_code;
                report_peak_rss();
                code
            }
            Err(msg) => return fail(&msg),
        },
        Command::Serve { port, cert_dir } => serve(port, cert_dir),
        Command::Demo => demo::run(),
    };
    let _ = std::io::stdout().flush();
    ExitCode::from(u8::try_from(code).unwrap_or(1))
}

/// Prints `minihost: <msg>` and returns exit code 2.
/// With `MINIHOST_REPORT_RSS=1`, prints the process's peak resident set
/// (`VmHWM` of `/proc/self/status`) on stderr at exit, for tests and benchmarks
/// that hold a run to a memory bound.
fn report_peak_rss() {
    if std::env::var_os("MINIHOST_REPORT_RSS").is_none() {
        return;
    }
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    if let Some(kb) = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
    {
        eprintln!("minihost: peak RSS {kb} kB");
    }
}

fn fail(msg: &str) -> ExitCode {
    eprintln!("minihost: {msg}");
    ExitCode::from(2)
}

/// The first meaningful line of a clap error, without its `error: ` prefix.
fn one_line(text: &str) -> String {
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("invalid command line");
    line.strip_prefix("error: ").unwrap_or(line).to_string()
}

/// The host options of `run`: the config file, then the flags on top.
fn build(args: &RunArgs) -> Result<(HostOptions, PathBuf), String> {
    let path = args.path.clone();
    let meta =
        std::fs::metadata(&path).map_err(|e| format!("cannot open {}: {e}", path.display()))?;
    let config_path = match &args.config {
        Some(p) => Some(p.clone()),
        None => {
            let dir = if meta.is_dir() {
                path.clone()
            } else {
                path.parent()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| PathBuf::from("."))
            };
            let dir = if dir.as_os_str().is_empty() {
                PathBuf::from(".")
            } else {
                dir
            };
            let p = dir.join(CONFIG_NAME);
            p.is_file().then_some(p)
        }
    };
    let mut cfg = match &config_path {
        Some(p) => AppConfig::load(p)?,
        None => AppConfig::default(),
    };
    apply_flags(&mut cfg, args)?;
    // A domain entry the policy could never match (an IP, `localhost`, a
    // wildcard, a path) is a config error, not a silent no-op.
    minihost_net::DomainPolicy::validate_config(&cfg)?;
    for ca in &cfg.ca_certs {
        if !ca.is_file() {
            return Err(format!("CA certificate {} not found", ca.display()));
        }
    }
    let time_limit = match args.time_limit {
        None => None,
        Some(s) if s.is_finite() && s > 0.0 && s <= MAX_TIME_LIMIT => {
            Some(Duration::from_secs_f64(s))
        }
        Some(s) => {
            return Err(format!(
                "invalid --time-limit {s}: expected seconds between 0 and {MAX_TIME_LIMIT}"
            ))
        }
    };
    let calls = args
        .calls
        .iter()
        .map(|c| Call::parse(c))
        .collect::<Result<Vec<_>, _>>()?;
    if let Some(m) = &args.mount {
        if !m.is_dir() {
            return Err(format!("--mount {}: not a directory", m.display()));
        }
    }
    let opts = HostOptions {
        default_dialect: cfg.platform,
        config: cfg,
        time_limit,
        events: args.events.clone(),
        calls,
        mount: args.mount.clone(),
    };
    Ok((opts, path))
}

fn apply_flags(cfg: &mut AppConfig, args: &RunArgs) -> Result<(), String> {
    if let Some(p) = &args.platform {
        cfg.platform = match p.as_str() {
            "wx" => Dialect::Wx,
            "my" => Dialect::My,
            other => return Err(format!("invalid --platform {other:?}: expected wx or my")),
        };
    }
    if let Some(a) = &args.appid {
        if a.is_empty() {
            return Err("invalid --appid: empty".into());
        }
        cfg.set_appid(a);
    }
    for d in &args.domains {
        let (api, host) = d
            .split_once('=')
            .ok_or_else(|| format!("invalid --domain {d:?}: expected API=HOST[:PORT]"))?;
        if host.is_empty() {
            return Err(format!("invalid --domain {d:?}: empty host"));
        }
        let list = match api {
            "request" => &mut cfg.domains.request,
            "uploadFile" => &mut cfg.domains.upload_file,
            "downloadFile" => &mut cfg.domains.download_file,
            "socket" => &mut cfg.domains.socket,
            other => {
                return Err(format!(
                    "invalid --domain {d:?}: unknown API {other:?} (request, uploadFile, downloadFile or socket)"
                ))
            }
        };
        list.push(host.to_string());
    }
    if args.no_url_check {
        cfg.url_check = false;
    }
    for r in &args.resolve {
        cfg.resolve.push(ResolveRule::parse(r)?);
    }
    for ca in &args.ca_certs {
        let abs = if ca.is_absolute() {
            ca.clone()
        } else {
            std::env::current_dir()
                .map(|d| d.join(ca))
                .unwrap_or_else(|_| ca.clone())
        };
        cfg.ca_certs.push(abs);
    }
    Ok(())
}

/// `minihost serve`: the bundled test server until Ctrl-C.
fn serve(port: u16, cert_dir: Option<PathBuf>) -> i32 {
    if let Some(d) = &cert_dir {
        if let Err(e) = std::fs::create_dir_all(d) {
            eprintln!("minihost: cannot create {}: {e}", d.display());
            return 2;
        }
    }
    let server = match DevServer::start(ServeOptions {
        port,
        http_port: None,
        cert_dir,
    }) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("minihost: cannot start the test server: {e}");
            return 1;
        }
    };
    println!("listening on https://127.0.0.1:{}", server.port());
    println!("ca: {}", server.ca_pem_path().display());
    println!("http: http://127.0.0.1:{}", server.http_port());
    let _ = std::io::stdout().flush();
    match server.run_until_ctrl_c() {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("minihost: {e}");
            1
        }
    }
}
