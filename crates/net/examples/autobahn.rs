//! Drives minihost's WebSocket client through an Autobahn fuzzing server
//! (kosoku `-m fuzzingserver`): every case echoes each message back.
//!
//! ```text
//! cargo run -p minihost-net --example autobahn -- [ws://127.0.0.1:9001] [agent]
//! ```
//!
//! Runs in dev mode (`urlCheck: false`, so `ws://` is allowed) on a
//! current-thread runtime, like the JS host. Prints one line per case and
//! exits non-zero if the server could not be driven.

use std::process::ExitCode;
use std::time::Duration;

use minihost_net::socket::{Message, SocketEvent, SocketHub, SocketOptions};
use minihost_net::{AppConfig, Client};

/// Longest time one case may take (9.x moves 16 MiB messages).
const CASE_LIMIT: Duration = Duration::from_secs(120);

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let base = args
        .next()
        .unwrap_or_else(|| "ws://127.0.0.1:9001".to_string());
    let agent = args.next().unwrap_or_else(|| "minihost".to_string());
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("cannot start a runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(drive(&base, &agent)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("autobahn: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn drive(base: &str, agent: &str) -> Result<(), String> {
    let cfg = AppConfig {
        url_check: false,
        ..AppConfig::default()
    };
    let client = Client::new(cfg).map_err(|e| e.to_string())?;
    let hub = SocketHub::new(&client).map_err(|e| e.to_string())?;

    let count_text = fetch_text(&hub, &format!("{base}/getCaseCount")).await?;
    let count: u32 = count_text
        .trim()
        .parse()
        .map_err(|_| format!("bad case count {count_text:?}"))?;
    println!("{count} cases");
    for case in 1..=count {
        let url = format!("{base}/runCase?case={case}&agent={agent}");
        match tokio::time::timeout(CASE_LIMIT, run_case(&hub, &url)).await {
            Ok(Ok(summary)) => println!("case {case}: {summary}"),
            Ok(Err(e)) => println!("case {case}: {e}"),
            Err(_) => println!("case {case}: did not finish in {CASE_LIMIT:?}"),
        }
    }
    let (_socket, mut events) = hub
        .connect(SocketOptions::new(&format!(
            "{base}/updateReports?agent={agent}"
        )))
        .map_err(|e| e.to_string())?;
    while let Some(ev) = events.next().await {
        if let SocketEvent::Close { .. } = ev {
            break;
        }
    }
    println!("reports updated");
    Ok(())
}

/// Opens `url`, returns the first text message, then closes.
async fn fetch_text(hub: &SocketHub, url: &str) -> Result<String, String> {
    let (socket, mut events) = hub
        .connect(SocketOptions::new(url))
        .map_err(|e| e.to_string())?;
    let mut text = None;
    while let Some(ev) = events.next().await {
        match ev {
            SocketEvent::Text(t) => {
                text.get_or_insert(t);
                let _ = socket.close(Some(1000), "");
            }
            SocketEvent::Error(e) => return Err(e.to_string()),
            SocketEvent::Close { .. } => break,
            _ => {}
        }
    }
    text.ok_or_else(|| format!("no message from {url}"))
}

/// Runs one case: echo every message; returns how it ended.
async fn run_case(hub: &SocketHub, url: &str) -> Result<String, String> {
    let opts = SocketOptions {
        tcp_no_delay: true,
        ..SocketOptions::new(url)
    };
    let (socket, mut events) = hub.connect(opts).map_err(|e| e.to_string())?;
    let mut echoed = 0u64;
    let mut error = None;
    while let Some(ev) = events.next().await {
        match ev {
            SocketEvent::Text(t) => {
                echoed += 1;
                let _ = socket.send_wait(Message::Text(t)).await;
            }
            SocketEvent::Binary(b) => {
                echoed += 1;
                let _ = socket.send_wait(Message::Binary(b)).await;
            }
            SocketEvent::Error(e) => error = Some(e.detail),
            SocketEvent::Close { code, reason } => {
                let err = error.map(|e| format!(", error: {e}")).unwrap_or_default();
                return Ok(format!("{echoed} echoed, close {code} {reason:?}{err}"));
            }
            SocketEvent::Open { .. } => {}
        }
    }
    Err("event stream ended without a close".into())
}
