//! The devserver's routes, hit over real TLS (and plain HTTP) on loopback.

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use minihost_devserver::{DevServer, ServeOptions};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::CertificateDer;
use serde_json::Value;
use sha2::{Digest, Sha256};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::Message;

const HOST: &str = "api.minihost.test";

fn start() -> DevServer {
    DevServer::start(ServeOptions::default()).expect("devserver starts")
}

fn https(server: &DevServer, path: &str) -> String {
    format!("https://{HOST}:{}{path}", server.port())
}

/// A client that trusts only the devserver CA and maps [`HOST`] to loopback.
fn client_builder(server: &DevServer) -> reqwest::ClientBuilder {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let ca = reqwest::Certificate::from_pem(server.ca_pem().as_bytes()).expect("CA parses");
    reqwest::Client::builder()
        .no_proxy()
        .tls_certs_only([ca])
        .resolve(HOST, SocketAddr::from((Ipv4Addr::LOCALHOST, server.port())))
        .timeout(Duration::from_secs(30))
}

fn h1_client(server: &DevServer) -> reqwest::Client {
    client_builder(server).http1_only().build().expect("client")
}

async fn get_json(client: &reqwest::Client, url: &str) -> (reqwest::StatusCode, Value) {
    let resp = client.get(url).send().await.expect("response");
    let status = resp.status();
    (status, json(resp).await)
}

async fn json(resp: reqwest::Response) -> Value {
    let bytes = resp.bytes().await.expect("body");
    serde_json::from_slice(&bytes).expect("json body")
}

fn pattern(n: usize) -> Vec<u8> {
    (0..n).map(|i| (i % 251) as u8).collect()
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[tokio::test]
async fn echo_reports_the_request() {
    let server = start();
    let client = h1_client(&server);
    let resp = client
        .post(https(&server, "/echo/sub/path?x=1&y=%20z"))
        .header("X-Test", "one")
        .header("Cookie", "a=1")
        .body("héllo")
        .send()
        .await
        .expect("response");
    assert_eq!(resp.status(), 200);
    let echo = json(resp).await;
    assert_eq!(echo["method"], "POST");
    assert_eq!(echo["path"], "/echo/sub/path");
    assert_eq!(echo["query"], "x=1&y=%20z");
    assert_eq!(echo["headers"]["x-test"], "one");
    assert_eq!(echo["headers"]["cookie"], "a=1");
    assert_eq!(
        echo["headers"]["host"],
        format!("{HOST}:{}", server.port()).as_str()
    );
    assert_eq!(echo["body"], "héllo");
    assert_eq!(echo["bodyBase64"], "aMOpbGxv");
    assert_eq!(echo["bodyLength"], 6);
    assert_eq!(echo["httpVersion"], "HTTP/1.1");

    let (_, echo) = get_json(&client, &https(&server, "/echo")).await;
    assert_eq!(echo["query"], "");
    assert_eq!(echo["method"], "GET");
}

#[tokio::test]
async fn h2_is_negotiated_by_alpn() {
    let server = start();
    let client = client_builder(&server).build().expect("client");
    let resp = client
        .get(https(&server, "/echo"))
        .send()
        .await
        .expect("response");
    assert_eq!(resp.version(), reqwest::Version::HTTP_2);
    let echo = json(resp).await;
    assert_eq!(echo["httpVersion"], "HTTP/2.0");
    assert_eq!(
        echo["headers"]["host"],
        format!("{HOST}:{}", server.port()).as_str()
    );
}

#[tokio::test]
async fn plain_http_serves_the_same_routes() {
    let server = start();
    let client = reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("client");
    let (status, echo) = get_json(&client, &server.http_url("/echo?plain=1")).await;
    assert_eq!(status, 200);
    assert_eq!(echo["query"], "plain=1");
    assert_eq!(echo["httpVersion"], "HTTP/1.1");
}

#[tokio::test]
async fn status_delay_and_fixed_bodies() {
    let server = start();
    let client = h1_client(&server);

    let (status, body) = get_json(&client, &https(&server, "/status/418")).await;
    assert_eq!(status, 418);
    assert_eq!(body["status"], 418);
    let (status, _) = get_json(&client, &https(&server, "/status/503")).await;
    assert_eq!(status, 503);
    let (status, _) = get_json(&client, &https(&server, "/status/42")).await;
    assert_eq!(status, 400);

    let (_, body) = get_json(&client, &https(&server, "/delay/20")).await;
    assert_eq!(body["delayed"], 20);

    let resp = client
        .get(https(&server, "/json"))
        .send()
        .await
        .expect("json");
    let text = resp.text().await.expect("text");
    assert!((60..=160).contains(&text.len()), "{} bytes", text.len());
    assert!(serde_json::from_str::<Value>(&text)
        .expect("valid")
        .is_object());

    let resp = client
        .get(https(&server, "/text"))
        .send()
        .await
        .expect("text");
    assert!(resp.headers()["content-type"]
        .to_str()
        .unwrap_or_default()
        .starts_with("text/plain"));
    assert_eq!(resp.text().await.expect("text"), "hello, not json");

    let bytes = client
        .get(https(&server, "/invalid-utf8"))
        .send()
        .await
        .expect("invalid-utf8")
        .bytes()
        .await
        .expect("body");
    assert_eq!(&bytes[..], &[0xFF, 0xFE, 0x41]);

    let bytes = client
        .get(https(&server, "/bom-json"))
        .send()
        .await
        .expect("bom-json")
        .bytes()
        .await
        .expect("body");
    assert_eq!(&bytes[..], "\u{FEFF}{\"bom\":true}".as_bytes());

    let (status, body) = get_json(&client, &https(&server, "/no/such/route")).await;
    assert_eq!(status, 404);
    assert!(body["error"].is_string());
}

#[tokio::test]
async fn gzip_body_is_really_gzip() {
    let server = start();
    let client = client_builder(&server)
        .http1_only()
        .no_gzip()
        .build()
        .expect("client");
    let resp = client
        .get(https(&server, "/gzip"))
        .send()
        .await
        .expect("gzip");
    assert_eq!(resp.headers()["content-encoding"], "gzip");
    let raw = resp.bytes().await.expect("body");
    let mut decoded = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&raw[..]), &mut decoded)
        .expect("gunzip");
    assert_eq!(decoded, r#"{"gzip":true}"#);
}

#[tokio::test]
async fn redirects() {
    let server = start();
    let manual = client_builder(&server)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");

    let resp = manual
        .get(https(&server, "/redirect/2"))
        .send()
        .await
        .expect("r2");
    assert_eq!(resp.status(), 302);
    assert_eq!(resp.headers()["location"], "/redirect/1");
    let resp = manual
        .get(https(&server, "/redirect/0"))
        .send()
        .await
        .expect("r0");
    assert_eq!(resp.headers()["location"], "/echo");

    let resp = manual
        .get(https(
            &server,
            "/redirect-to?url=https%3A%2F%2Fx.minihost.test%2Fa&status=307",
        ))
        .send()
        .await
        .expect("redirect-to");
    assert_eq!(resp.status(), 307);
    assert_eq!(resp.headers()["location"], "https://x.minihost.test/a");

    let resp = manual
        .get(https(&server, "/redirect-loop"))
        .send()
        .await
        .expect("loop");
    assert_eq!(resp.status(), 302);
    assert_eq!(resp.headers()["location"], "/redirect-loop");

    // Followed: /redirect/3 -> 2 -> 1 -> 0 -> /echo.
    let follow = h1_client(&server);
    let resp = follow
        .get(https(&server, "/redirect/3"))
        .send()
        .await
        .expect("follow");
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.url().path(), "/echo");
}

#[tokio::test]
async fn cookies_and_repeated_headers() {
    let server = start();
    let client = h1_client(&server);

    let resp = client
        .get(https(&server, "/set-cookie?a=1&b=two"))
        .send()
        .await
        .expect("set-cookie");
    let set: Vec<_> = resp
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(set, ["a=1; Path=/", "b=two; Path=/"]);
    let body = json(resp).await;
    assert_eq!(body["set"]["b"], "two");

    let (_, body) = get_json(&client, &https(&server, "/cookies")).await;
    assert!(body["cookie"].is_null());
    let resp = client
        .get(https(&server, "/cookies"))
        .header("Cookie", "a=1; b=two")
        .send()
        .await
        .expect("cookies");
    let body = json(resp).await;
    assert_eq!(body["cookie"], "a=1; b=two");

    let resp = client
        .get(https(&server, "/headers/repeat"))
        .send()
        .await
        .expect("repeat");
    let multi: Vec<_> = resp.headers().get_all("x-multi").iter().collect();
    assert_eq!(multi, ["a", "b"]);
    assert_eq!(resp.headers()["x-case-test"], "MixedCase");
}

#[tokio::test]
async fn generated_bytes_stream_and_download() {
    let server = start();
    let client = h1_client(&server);

    let resp = client
        .get(https(
            &server,
            "/download?size=200000&type=text/csv&filename=a.csv",
        ))
        .send()
        .await
        .expect("download");
    assert_eq!(resp.content_length(), Some(200_000));
    assert_eq!(resp.headers()["content-type"], "text/csv");
    assert_eq!(
        resp.headers()["content-disposition"],
        "attachment; filename=\"a.csv\""
    );
    assert_eq!(resp.bytes().await.expect("body")[..], pattern(200_000)[..]);

    let resp = client
        .get(https(
            &server,
            "/download?size=70000&chunked=1&status=201&slow=1",
        ))
        .send()
        .await
        .expect("chunked download");
    assert_eq!(resp.status(), 201);
    assert!(resp.headers().get("content-length").is_none());
    assert_eq!(resp.headers()["transfer-encoding"], "chunked");
    assert_eq!(resp.bytes().await.expect("body")[..], pattern(70_000)[..]);

    let resp = client
        .get(https(&server, "/bytes/300"))
        .send()
        .await
        .expect("bytes");
    assert_eq!(resp.content_length(), Some(300));
    assert_eq!(resp.headers()["content-type"], "application/octet-stream");
    assert_eq!(resp.bytes().await.expect("body")[..], pattern(300)[..]);
    let resp = client
        .get(https(&server, "/bytes/300?nolength=1"))
        .send()
        .await
        .expect("bytes");
    assert!(resp.headers().get("content-length").is_none());
    assert_eq!(resp.bytes().await.expect("body").len(), 300);

    let mut resp = client
        .get(https(&server, "/stream?chunks=3&interval=10&size=5"))
        .send()
        .await
        .expect("stream");
    let mut body = Vec::new();
    for _ in 0..100 {
        match resp.chunk().await.expect("chunk") {
            Some(chunk) => body.extend_from_slice(&chunk),
            None => break,
        }
    }
    assert_eq!(body, b"aaaaabbbbbccccc");
}

/// Reads a body chunk by chunk; returns the bytes seen and whether it failed.
async fn read_until_end(mut resp: reqwest::Response) -> (usize, bool) {
    let mut seen = 0;
    for _ in 0..100_000 {
        match resp.chunk().await {
            Ok(Some(chunk)) => seen += chunk.len(),
            Ok(None) => return (seen, false),
            Err(_) => return (seen, true),
        }
    }
    (seen, false)
}

#[tokio::test]
async fn truncate_really_cuts_the_body() {
    let server = start();
    for client in [
        h1_client(&server),
        client_builder(&server).build().expect("h2"),
    ] {
        let resp = client
            .get(https(&server, "/truncate?size=100000&cut=1000"))
            .send()
            .await
            .expect("headers arrive");
        assert_eq!(resp.status(), 200);
        assert_eq!(resp.content_length(), Some(100_000));
        let (seen, failed) = read_until_end(resp).await;
        assert!(failed, "a truncated body must fail");
        assert_eq!(seen, 1000);

        let resp = client
            .get(https(&server, "/download?size=300000&truncate=150000"))
            .send()
            .await
            .expect("headers arrive");
        assert_eq!(resp.content_length(), Some(300_000));
        let (seen, failed) = read_until_end(resp).await;
        assert!(failed, "a truncated download must fail");
        assert_eq!(seen, 150_000);
    }
}

fn multipart_body(boundary: &str, file: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello wörld\r\n\
             --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"data.bin\"\r\n\
             Content-Type: application/octet-stream\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    body
}

#[tokio::test]
async fn upload_sink_hashes_every_file() {
    let server = start();
    let file = pattern(3 * 1024 * 1024 + 17);
    let boundary = "minihost-test-boundary";
    for (path, expected) in [("/upload", 200), ("/upload/status/500", 500)] {
        for client in [
            h1_client(&server),
            client_builder(&server).build().expect("h2"),
        ] {
            let resp = client
                .post(https(&server, path))
                .header(
                    "Content-Type",
                    format!("multipart/form-data; boundary={boundary}"),
                )
                .body(multipart_body(boundary, &file))
                .send()
                .await
                .expect("upload");
            assert_eq!(resp.status(), expected);
            let body = json(resp).await;
            assert_eq!(body["fields"]["note"], "hello wörld");
            let files = body["files"].as_array().expect("files");
            assert_eq!(files.len(), 1);
            assert_eq!(files[0]["field"], "file");
            assert_eq!(files[0]["fileName"], "data.bin");
            assert_eq!(files[0]["contentType"], "application/octet-stream");
            assert_eq!(files[0]["size"], file.len() as u64);
            assert_eq!(files[0]["sha256"], sha256_hex(&file).as_str());
        }
    }

    let resp = h1_client(&server)
        .post(https(&server, "/upload"))
        .body("not multipart")
        .send()
        .await
        .expect("upload");
    assert_eq!(resp.status(), 400);
}

type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// Opens `wss://api.minihost.test:PORT{path}` over a socket to 127.0.0.1,
/// trusting only the devserver CA.
async fn wss(
    server: &DevServer,
    path: &str,
    protocols: Option<&str>,
) -> Result<
    (
        Ws,
        tokio_tungstenite::tungstenite::handshake::client::Response,
    ),
    String,
> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let mut roots = rustls::RootCertStore::empty();
    let ca =
        CertificateDer::from_pem_slice(server.ca_pem().as_bytes()).map_err(|e| e.to_string())?;
    roots.add(ca).map_err(|e| e.to_string())?;
    let config = rustls::ClientConfig::builder()
        .with_root_certificates(roots)
        .with_no_client_auth();
    let mut request = format!("wss://{HOST}:{}{path}", server.port())
        .into_client_request()
        .map_err(|e| e.to_string())?;
    request
        .headers_mut()
        .insert("x-ws-test", "yes".parse().map_err(|_| "header")?);
    if let Some(protocols) = protocols {
        request.headers_mut().insert(
            "sec-websocket-protocol",
            protocols.parse().map_err(|_| "header")?,
        );
    }
    let tcp = tokio::net::TcpStream::connect((Ipv4Addr::LOCALHOST, server.port()))
        .await
        .map_err(|e| e.to_string())?;
    tokio_tungstenite::client_async_tls_with_config(
        request,
        tcp,
        None,
        Some(tokio_tungstenite::Connector::Rustls(Arc::new(config))),
    )
    .await
    .map_err(|e| e.to_string())
}

/// The next data or close message (pings/pongs skipped), bounded in time.
async fn next_message(ws: &mut Ws) -> Message {
    let wait = tokio::time::timeout(Duration::from_secs(30), async {
        loop {
            match ws.next().await {
                Some(Ok(Message::Ping(_) | Message::Pong(_))) => continue,
                Some(Ok(msg)) => return msg,
                other => panic!("socket ended: {other:?}"),
            }
        }
    });
    wait.await.expect("a message in time")
}

#[tokio::test]
async fn ws_echo_binary_and_close() {
    let server = start();

    let (mut ws, _) = wss(&server, "/ws/echo", None).await.expect("wss echo");
    ws.send(Message::text("hi")).await.expect("send text");
    assert_eq!(next_message(&mut ws).await, Message::text("hi"));
    ws.send(Message::binary(vec![1u8, 2, 3]))
        .await
        .expect("send binary");
    assert_eq!(
        next_message(&mut ws).await,
        Message::binary(vec![1u8, 2, 3])
    );
    ws.close(None).await.expect("close");

    let (mut ws, _) = wss(&server, "/ws/binary", None).await.expect("wss binary");
    let all: Vec<u8> = (0..=255u8).collect();
    assert_eq!(next_message(&mut ws).await, Message::binary(all));
    ws.send(Message::text("after")).await.expect("send");
    assert_eq!(next_message(&mut ws).await, Message::text("after"));

    let (mut ws, _) = wss(&server, "/ws/close?code=4001&reason=bye", None)
        .await
        .expect("wss close");
    match next_message(&mut ws).await {
        Message::Close(Some(frame)) => {
            assert_eq!(frame.code, CloseCode::from(4001));
            assert_eq!(frame.reason.as_str(), "bye");
        }
        other => panic!("expected a close frame, got {other:?}"),
    }

    let (mut ws, _) = wss(&server, "/ws/oversize?size=100000", None)
        .await
        .expect("wss oversize");
    match next_message(&mut ws).await {
        Message::Text(text) => assert_eq!(text.len(), 100_000),
        other => panic!("expected text, got {other:?}"),
    }

    let (mut ws, _) = wss(&server, "/ws/headers", None)
        .await
        .expect("wss headers");
    match next_message(&mut ws).await {
        Message::Text(text) => {
            let headers: Value = serde_json::from_str(text.as_str()).expect("json");
            assert_eq!(headers["x-ws-test"], "yes");
            assert_eq!(headers["upgrade"], "websocket");
        }
        other => panic!("expected text, got {other:?}"),
    }

    // Plain ws:// on the HTTP port.
    let (mut ws, _) = tokio_tungstenite::connect_async(server.ws_url("/ws/echo"))
        .await
        .expect("ws echo");
    ws.send(Message::text("plain")).await.expect("send");
    assert_eq!(next_message(&mut ws).await, Message::text("plain"));
}

#[tokio::test]
async fn ws_protocol_and_hang() {
    let server = start();

    let (_, resp) = wss(&server, "/ws/protocol", Some("chat, superchat"))
        .await
        .expect("with protocols");
    assert_eq!(resp.headers()["sec-websocket-protocol"], "chat");

    let (_, resp) = wss(&server, "/ws/protocol", None)
        .await
        .expect("without protocols");
    assert!(resp.headers().get("sec-websocket-protocol").is_none());

    // The echo route selects none, which a client that asked must refuse.
    assert!(wss(&server, "/ws/echo", Some("chat")).await.is_err());

    // /ws/hang never answers: the handshake is still pending after a while.
    let pending = tokio::time::timeout(Duration::from_millis(300), wss(&server, "/ws/hang", None));
    assert!(pending.await.is_err());
}

#[test]
fn certificate_files_and_lifecycle() {
    let server = start();
    let dir = server.cert_dir().to_path_buf();
    let ca_path = server.ca_pem_path();
    assert_eq!(ca_path, dir.join("ca.pem"));
    assert_eq!(
        std::fs::read_to_string(&ca_path).expect("ca.pem"),
        server.ca_pem()
    );
    assert!(server.ca_pem().starts_with("-----BEGIN CERTIFICATE-----"));
    assert!(dir.join("cert.pem").is_file());
    assert!(dir.join("key.pem").is_file());
    assert_eq!(
        server.url("/x"),
        format!("https://127.0.0.1:{}/x", server.port())
    );
    let port = server.port();
    drop(server);
    assert!(!dir.exists(), "the temp cert dir is removed on drop");
    // The port is free again.
    std::net::TcpListener::bind((Ipv4Addr::LOCALHOST, port)).expect("port released");

    // An explicit cert dir is kept.
    let explicit =
        std::env::temp_dir().join(format!("minihost-devserver-test-{}", std::process::id()));
    let server = DevServer::start(ServeOptions {
        cert_dir: Some(explicit.clone()),
        ..ServeOptions::default()
    })
    .expect("start");
    assert_eq!(server.ca_pem_path(), explicit.join("ca.pem"));
    drop(server);
    assert!(explicit.join("ca.pem").is_file());
    let _ = std::fs::remove_dir_all(&explicit);
}
