//! The raw Rust baseline client of the minihost benchmark.
//!
//! It does what the benchmark's mini-program scripts do, with the same stack
//! minihost is built on (reqwest over rustls with the ring provider,
//! tokio-tungstenite) and nothing in between: it is the practical limit the
//! other clients are compared with. Every subcommand prints one JSON line on
//! stdout (the harness in `bench/harness.py` reads it) and exits 0, or prints
//! an error on stderr and exits 1.
//!
//! ```text
//! rawclient get      --url U [--concurrency C] [--seconds S] [--ca PEM]
//! rawclient download --url U --out FILE [--iterations N] [--warmup-url U] [--ca PEM]
//! rawclient upload   --url U --file FILE [--iterations N] [--warmup-url U] [--ca PEM]
//! rawclient ws       --url wss://.. [--seconds S] [--message-size B] [--ca PEM]
//! rawclient once     --url U [--ca PEM]
//! ```

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use clap::{Args, Parser, Subcommand};
use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::Message;

/// Upper bound of `--seconds`: every loop of this client ends by itself.
const MAX_SECONDS: f64 = 600.0;
/// Upper bound of `--concurrency`.
const MAX_CONCURRENCY: usize = 1024;
/// Upper bound of `--iterations`.
const MAX_ITERATIONS: u32 = 100;
/// Largest response body `get` and `once` read into memory.
const MAX_SMALL_BODY: usize = 16 << 20;
/// Timeout of one request or one WebSocket round trip.
const OP_TIMEOUT: Duration = Duration::from_secs(120);
/// Size of the writes of `download` and the reads of `upload`.
const IO_CHUNK: usize = 1 << 20;

type BoxError = Box<dyn std::error::Error + Send + Sync>;
type Result<T> = std::result::Result<T, BoxError>;

/// Command line of the raw baseline client.
#[derive(Parser, Debug)]
#[command(
    name = "rawclient",
    about = "Raw Rust baseline client of the minihost benchmark"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Flags every subcommand takes.
#[derive(Args, Debug, Clone)]
struct Common {
    /// URL to use (https:// or wss://).
    #[arg(long)]
    url: String,
    /// PEM file of the CA to trust (only that CA is trusted); none = webpki roots of the OS.
    #[arg(long)]
    ca: Option<PathBuf>,
    /// Tokio worker threads (1 = a current-thread runtime, like minihost's host thread).
    #[arg(long, default_value_t = 1)]
    threads: usize,
    /// Offer h2 by ALPN (default: HTTP/1.1 only, like Node's and Bun's fetch).
    #[arg(long)]
    http2: bool,
}

/// Flag of the transfer subcommands.
#[derive(Args, Debug, Clone)]
struct Warm {
    /// URL to GET (untimed) before the transfers, so that they run on a warm
    /// keep-alive connection, as a mini program's would.
    #[arg(long)]
    warmup_url: Option<String>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Small GETs in a loop: {count, seconds, p50_us, p99_us, errors, proto}.
    Get {
        #[command(flatten)]
        common: Common,
        /// Requests in flight at once.
        #[arg(long, default_value_t = 1)]
        concurrency: usize,
        /// How long to loop.
        #[arg(long, default_value_t = 5.0)]
        seconds: f64,
    },
    /// Download to a file: {mib_s, runs_mib_s, bytes}.
    Download {
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        warm: Warm,
        /// File to write (overwritten each iteration).
        #[arg(long)]
        out: PathBuf,
        /// Downloads in a row; the median speed is reported.
        #[arg(long, default_value_t = 1)]
        iterations: u32,
    },
    /// Multipart/form-data upload of a file (streamed, with Content-Length): {mib_s, runs_mib_s, bytes}.
    Upload {
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        warm: Warm,
        /// File to upload.
        #[arg(long)]
        file: PathBuf,
        /// Uploads in a row; the median speed is reported.
        #[arg(long, default_value_t = 1)]
        iterations: u32,
    },
    /// WebSocket echo round trips, one message in flight: {count, seconds, p50_us, p99_us}.
    Ws {
        #[command(flatten)]
        common: Common,
        /// How long to loop.
        #[arg(long, default_value_t = 5.0)]
        seconds: f64,
        /// Size of the text message.
        #[arg(long, default_value_t = 32)]
        message_size: usize,
    },
    /// One GET on a new connection, then exit (cold start): {status, bytes}.
    Once {
        #[command(flatten)]
        common: Common,
    },
}

impl Command {
    fn common(&self) -> &Common {
        match self {
            Command::Get { common, .. }
            | Command::Download { common, .. }
            | Command::Upload { common, .. }
            | Command::Ws { common, .. }
            | Command::Once { common } => common,
        }
    }
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let threads = cli.command.common().threads.clamp(1, 64);
    let runtime = if threads == 1 {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
    } else {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(threads)
            .enable_all()
            .build()
    };
    let runtime = match runtime {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("rawclient: cannot start the runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli.command)) {
        Ok(line) => {
            println!("{line}");
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("rawclient: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(command: Command) -> Result<Value> {
    // Ignore the error: a provider may already be installed, which is fine.
    let _ = rustls::crypto::ring::default_provider().install_default();
    match command {
        Command::Get {
            common,
            concurrency,
            seconds,
        } => get(&common, concurrency, seconds).await,
        Command::Download {
            common,
            warm,
            out,
            iterations,
        } => download(&common, &warm, &out, iterations).await,
        Command::Upload {
            common,
            warm,
            file,
            iterations,
        } => upload(&common, &warm, &file, iterations).await,
        Command::Ws {
            common,
            seconds,
            message_size,
        } => ws(&common, seconds, message_size).await,
        Command::Once { common } => once(&common).await,
    }
}

/// Reads the PEM certificates of `--ca`.
fn read_ca(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| format!("cannot read CA {}: {e}", path.display()).into())
}

fn http_client(common: &Common, pool: usize) -> Result<reqwest::Client> {
    let mut builder = reqwest::Client::builder()
        .pool_max_idle_per_host(pool.max(1))
        .tcp_nodelay(true)
        .timeout(OP_TIMEOUT);
    if !common.http2 {
        builder = builder.http1_only();
    }
    if let Some(ca) = &common.ca {
        let certs = reqwest::Certificate::from_pem_bundle(&read_ca(ca)?)?;
        if certs.is_empty() {
            return Err(format!("no certificate in {}", ca.display()).into());
        }
        builder = builder.tls_certs_only(certs);
    }
    Ok(builder.build()?)
}

fn check_seconds(seconds: f64) -> Result<Duration> {
    if !(seconds.is_finite() && seconds > 0.0 && seconds <= MAX_SECONDS) {
        return Err(format!("--seconds must be in (0, {MAX_SECONDS}]").into());
    }
    Ok(Duration::from_secs_f64(seconds))
}

fn check_iterations(iterations: u32) -> Result<u32> {
    if iterations == 0 || iterations > MAX_ITERATIONS {
        return Err(format!("--iterations must be in 1..={MAX_ITERATIONS}").into());
    }
    Ok(iterations)
}

/// The protocol a response came over: nginx's `X-Bench-Proto` when present, else hyper's.
fn proto_of(resp: &reqwest::Response) -> String {
    match resp
        .headers()
        .get("x-bench-proto")
        .and_then(|v| v.to_str().ok())
    {
        Some(p) => p.to_string(),
        None => format!("{:?}", resp.version()),
    }
}

/// Percentile `p` (0..=100) of sorted latencies, in µs.
fn percentile(sorted: &[u64], p: f64) -> u64 {
    if sorted.is_empty() {
        return 0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    match values.len() {
        0 => 0.0,
        n if n % 2 == 1 => values[n / 2],
        n => (values[n / 2 - 1] + values[n / 2]) / 2.0,
    }
}

/// Latencies and errors of one `get` worker.
#[derive(Default)]
struct Tally {
    latencies_us: Vec<u64>,
    errors: u64,
    first_error: Option<String>,
    proto: Option<String>,
}

async fn get_worker(client: reqwest::Client, url: reqwest::Url, deadline: Instant) -> Tally {
    let mut tally = Tally::default();
    // Bounded by the deadline; each request is bounded by OP_TIMEOUT.
    while Instant::now() < deadline {
        let t0 = Instant::now();
        let outcome = async {
            let resp = client.get(url.clone()).send().await?;
            let status = resp.status();
            let proto = proto_of(&resp);
            let body = resp.bytes().await?;
            if !status.is_success() {
                return Err::<_, BoxError>(format!("HTTP status {status}").into());
            }
            if body.len() > MAX_SMALL_BODY {
                return Err("response body too large".into());
            }
            Ok(proto)
        }
        .await;
        match outcome {
            Ok(proto) => {
                tally.latencies_us.push(t0.elapsed().as_micros() as u64);
                if tally.proto.is_none() {
                    tally.proto = Some(proto);
                }
            }
            Err(e) => {
                tally.errors += 1;
                if tally.first_error.is_none() {
                    tally.first_error = Some(e.to_string());
                }
                // Don't spin on a dead server.
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
        }
    }
    tally
}

async fn get(common: &Common, concurrency: usize, seconds: f64) -> Result<Value> {
    if concurrency == 0 || concurrency > MAX_CONCURRENCY {
        return Err(format!("--concurrency must be in 1..={MAX_CONCURRENCY}").into());
    }
    let duration = check_seconds(seconds)?;
    let url = reqwest::Url::parse(&common.url)?;
    let client = http_client(common, concurrency)?;
    let start = Instant::now();
    let deadline = start + duration;
    let workers: Vec<_> = (0..concurrency)
        .map(|_| tokio::spawn(get_worker(client.clone(), url.clone(), deadline)))
        .collect();
    let mut all = Tally::default();
    for worker in workers {
        let tally = worker.await?;
        all.latencies_us.extend(tally.latencies_us);
        all.errors += tally.errors;
        all.first_error = all.first_error.or(tally.first_error);
        all.proto = all.proto.or(tally.proto);
    }
    let elapsed = start.elapsed().as_secs_f64();
    all.latencies_us.sort_unstable();
    if all.latencies_us.is_empty() {
        return Err(format!(
            "no request succeeded: {}",
            all.first_error.unwrap_or_default()
        )
        .into());
    }
    Ok(json!({
        "count": all.latencies_us.len(),
        "seconds": elapsed,
        "p50_us": percentile(&all.latencies_us, 50.0),
        "p99_us": percentile(&all.latencies_us, 99.0),
        "errors": all.errors,
        "first_error": all.first_error,
        "proto": all.proto,
    }))
}

/// The untimed request of `--warmup-url`, on the client the transfers then use.
async fn warm_up(client: &reqwest::Client, warm: &Warm) -> Result<()> {
    if let Some(url) = &warm.warmup_url {
        let resp = client.get(url.as_str()).send().await?;
        let status = resp.status();
        resp.bytes().await?;
        if !status.is_success() {
            return Err(format!("warm-up: HTTP status {status}").into());
        }
    }
    Ok(())
}

async fn download(common: &Common, warm: &Warm, out: &Path, iterations: u32) -> Result<Value> {
    let iterations = check_iterations(iterations)?;
    let url = reqwest::Url::parse(&common.url)?;
    let mut speeds = Vec::new();
    let mut bytes = 0u64;
    let mut proto = None;
    // One client (one keep-alive pool) for all the transfers, like a mini program's.
    let client = http_client(common, 1)?;
    warm_up(&client, warm).await?;
    for _ in 0..iterations {
        let t0 = Instant::now();
        let mut resp = client.get(url.clone()).send().await?;
        if !resp.status().is_success() {
            return Err(format!("HTTP status {}", resp.status()).into());
        }
        proto = Some(proto_of(&resp));
        let file = tokio::fs::File::create(out).await?;
        let mut writer = tokio::io::BufWriter::with_capacity(IO_CHUNK, file);
        let mut written = 0u64;
        while let Some(chunk) = resp.chunk().await? {
            writer.write_all(&chunk).await?;
            written += chunk.len() as u64;
        }
        // Flushed to the page cache, not fsynced: like every other client.
        writer.flush().await?;
        drop(writer);
        let secs = t0.elapsed().as_secs_f64();
        speeds.push(written as f64 / (1024.0 * 1024.0) / secs.max(1e-9));
        bytes = written;
    }
    let runs = speeds.clone();
    Ok(json!({
        "mib_s": median(&mut speeds),
        "runs_mib_s": runs,
        "bytes": bytes,
        "proto": proto,
    }))
}

/// The streamed multipart/form-data body of `upload`: preamble, file, epilogue.
async fn multipart_body(path: &Path, boundary: &str) -> Result<(reqwest::Body, u64, u64)> {
    let file = tokio::fs::File::open(path)
        .await
        .map_err(|e| format!("cannot open {}: {e}", path.display()))?;
    let size = file.metadata().await?.len();
    let head = Bytes::from(format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"upload.bin\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n"
    ));
    let tail = Bytes::from(format!("\r\n--{boundary}--\r\n"));
    let total = head.len() as u64 + size + tail.len() as u64;
    let reader = file;
    let body_stream = futures_util::stream::unfold(
        (Some(head), Some(reader), Some(tail)),
        |(mut head, mut reader, mut tail)| async move {
            if let Some(h) = head.take() {
                return Some((Ok::<Bytes, std::io::Error>(h), (None, reader, tail)));
            }
            if let Some(mut r) = reader.take() {
                let mut buf = vec![0u8; IO_CHUNK];
                match r.read(&mut buf).await {
                    Ok(0) => {}
                    Ok(n) => {
                        buf.truncate(n);
                        return Some((Ok(Bytes::from(buf)), (None, Some(r), tail)));
                    }
                    Err(e) => return Some((Err(e), (None, None, None))),
                }
            }
            tail.take().map(|t| (Ok(t), (None, None, None)))
        },
    );
    Ok((reqwest::Body::wrap_stream(body_stream), total, size))
}

async fn upload(common: &Common, warm: &Warm, path: &Path, iterations: u32) -> Result<Value> {
    let iterations = check_iterations(iterations)?;
    let url = reqwest::Url::parse(&common.url)?;
    let boundary = "----minihostbench7MA4YWxkTrZu0gW";
    let mut speeds = Vec::new();
    let mut bytes = 0u64;
    let mut proto = None;
    let client = http_client(common, 1)?;
    warm_up(&client, warm).await?;
    for _ in 0..iterations {
        let (body, total, size) = multipart_body(path, boundary).await?;
        let t0 = Instant::now();
        let resp = client
            .post(url.clone())
            .header(
                reqwest::header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            )
            .header(reqwest::header::CONTENT_LENGTH, total)
            .body(body)
            .send()
            .await?;
        let status = resp.status();
        proto = Some(proto_of(&resp));
        resp.bytes().await?;
        if !status.is_success() {
            return Err(format!("HTTP status {status}").into());
        }
        let secs = t0.elapsed().as_secs_f64();
        // Speed of the file's bytes (the multipart framing is a few hundred bytes).
        speeds.push(size as f64 / (1024.0 * 1024.0) / secs.max(1e-9));
        bytes = size;
    }
    let runs = speeds.clone();
    Ok(json!({
        "mib_s": median(&mut speeds),
        "runs_mib_s": runs,
        "bytes": bytes,
        "proto": proto,
    }))
}

fn ws_connector(common: &Common) -> Result<Option<tokio_tungstenite::Connector>> {
    let Some(ca) = &common.ca else {
        return Ok(None);
    };
    use rustls::pki_types::{pem::PemObject, CertificateDer};
    let pem = read_ca(ca)?;
    let mut roots = rustls::RootCertStore::empty();
    for cert in CertificateDer::pem_slice_iter(&pem) {
        roots.add(cert.map_err(|e| format!("bad CA {}: {e:?}", ca.display()))?)?;
    }
    let config = rustls::ClientConfig::builder()
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(Some(tokio_tungstenite::Connector::Rustls(Arc::new(config))))
}

async fn ws(common: &Common, seconds: f64, message_size: usize) -> Result<Value> {
    let duration = check_seconds(seconds)?;
    if message_size == 0 || message_size > (1 << 20) {
        return Err("--message-size must be in 1..=1048576".into());
    }
    let connector = ws_connector(common)?;
    let (mut socket, _) = tokio::time::timeout(
        OP_TIMEOUT,
        tokio_tungstenite::connect_async_tls_with_config(
            common.url.as_str(),
            // The same read chunk as minihost (tungstenite zero-fills its
            // whole chunk before each read; the 128 KiB default costs
            // ~10 µs per message).
            Some(WebSocketConfig::default().read_buffer_size(8 * 1024)),
            true,
            connector,
        ),
    )
    .await??;
    let payload: String = (0..message_size)
        .map(|i| char::from(b'a' + (i % 26) as u8))
        .collect();
    let mut latencies = Vec::new();
    let start = Instant::now();
    let deadline = start + duration;
    while Instant::now() < deadline {
        let t0 = Instant::now();
        socket.send(Message::text(payload.clone())).await?;
        // Skip control frames; bounded by OP_TIMEOUT.
        let reply = tokio::time::timeout(OP_TIMEOUT, async {
            loop {
                match socket.next().await {
                    Some(Ok(Message::Text(t))) => return Ok(t.len()),
                    Some(Ok(Message::Binary(b))) => return Ok(b.len()),
                    Some(Ok(Message::Close(c))) => {
                        return Err::<usize, BoxError>(format!("closed by peer: {c:?}").into())
                    }
                    Some(Ok(_)) => continue,
                    Some(Err(e)) => return Err(e.into()),
                    None => return Err("connection ended".into()),
                }
            }
        })
        .await??;
        if reply != message_size {
            return Err(format!("echo of {reply} bytes, sent {message_size}").into());
        }
        latencies.push(t0.elapsed().as_micros() as u64);
    }
    let elapsed = start.elapsed().as_secs_f64();
    // Close politely but don't wait long for the peer.
    let _ = tokio::time::timeout(Duration::from_secs(2), socket.close(None)).await;
    latencies.sort_unstable();
    Ok(json!({
        "count": latencies.len(),
        "seconds": elapsed,
        "p50_us": percentile(&latencies, 50.0),
        "p99_us": percentile(&latencies, 99.0),
        "errors": 0,
    }))
}

async fn once(common: &Common) -> Result<Value> {
    let client = http_client(common, 1)?;
    let resp = client.get(common.url.as_str()).send().await?;
    let status = resp.status().as_u16();
    let body = resp.bytes().await?;
    Ok(json!({ "status": status, "bytes": body.len() }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_pick_ranks() {
        let v: Vec<u64> = (1..=100).collect();
        assert_eq!(percentile(&v, 50.0), 50);
        assert_eq!(percentile(&v, 99.0), 99);
        assert_eq!(percentile(&[7], 99.0), 7);
        assert_eq!(percentile(&[], 50.0), 0);
    }

    #[test]
    fn median_of_even_and_odd() {
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&mut [4.0, 1.0, 3.0, 2.0]), 2.5);
    }

    #[test]
    fn bad_flags_are_errors() {
        assert!(check_seconds(0.0).is_err());
        assert!(check_seconds(f64::NAN).is_err());
        assert!(check_seconds(1e9).is_err());
        assert!(check_iterations(0).is_err());
        assert!(check_iterations(1).is_ok());
    }
}
