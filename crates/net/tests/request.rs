//! `Client::request` against the devserver over real TLS on loopback: data
//! encoding, headers, identity, redirects, timeouts, aborts, failures, body
//! decoding, cookies, limits and slots.

mod support;

use std::time::Duration;

use bytes::Bytes;
use minihost_net::{AppConfig, Client, Data, Dialect, ErrorKind, Event, Redirect, RequestOptions};
use serde_json::Value;
use support::{collect, next, Env};

fn get(url: &str) -> RequestOptions {
    RequestOptions::get(url)
}

fn with(url: &str, method: &str, data: Data, headers: &[(&str, &str)]) -> RequestOptions {
    let mut o = RequestOptions::get(url);
    o.method = method.into();
    o.data = data;
    o.headers = headers
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    o
}

fn json(s: &str) -> Data {
    Data::Json(s.to_string())
}

async fn run(client: &Client, opts: RequestOptions) -> support::Collected {
    collect(client.request(opts)).await
}

fn header<'a>(echo: &'a Value, name: &str) -> Option<&'a str> {
    echo["headers"][name].as_str()
}

// ---- data encoding -------------------------------------------------------

#[tokio::test]
async fn get_object_goes_to_the_query_after_the_existing_one() {
    let env = Env::start();
    let client = Client::new(env.config()).unwrap();
    let data = json(r#"{"a":"b c","n":null,"o":{"k":[1,"x"]},"u":"中","r":"&=?#+"}"#);
    let r = run(&client, with(&env.api("/echo?x=0#frag"), "GET", data, &[])).await;
    let e = r.json();
    assert_eq!(e["method"], "GET");
    assert_eq!(
        e["query"],
        "x=0&a=b%20c&n=null&o=%7B%22k%22%3A%5B1%2C%22x%22%5D%7D&u=%E4%B8%AD&r=%26%3D%3F%23%2B"
    );
    assert_eq!(e["bodyLength"], 0);
    // Without an existing query, `?` starts it; a string is appended raw.
    let r = run(
        &client,
        with(&env.api("/echo"), "GET", Data::Text("p=1&q=2".into()), &[]),
    )
    .await;
    assert_eq!(r.json()["query"], "p=1&q=2");
    // HEAD too: the query carries the data, the body is empty.
    let r = run(
        &client,
        with(&env.api("/echo"), "HEAD", json(r#"{"h":1}"#), &[]),
    )
    .await;
    assert_eq!(r.status(), 200);
    assert!(r.body().is_empty());
}

#[tokio::test]
async fn post_object_is_json_with_default_content_type() {
    let env = Env::start();
    let client = Client::new(env.config()).unwrap();
    let text = r#"{"a":1,"nested":{"b":[true,null]}}"#;
    let r = run(&client, with(&env.api("/echo"), "POST", json(text), &[])).await;
    let e = r.json();
    assert_eq!(e["method"], "POST");
    assert_eq!(e["body"], text);
    assert_eq!(e["query"], "");
    assert_eq!(header(&e, "content-type"), Some("application/json"));
    assert_eq!(
        header(&e, "content-length"),
        Some(text.len().to_string().as_str())
    );
}

#[tokio::test]
async fn urlencoded_content_type_any_case_with_parameters() {
    let env = Env::start();
    let client = Client::new(env.config()).unwrap();
    let ct = "Application/X-WWW-Form-URLEncoded; charset=UTF-8";
    let r = run(
        &client,
        with(
            &env.api("/echo"),
            "PUT",
            json(r#"{"a":1,"b":"x y","c":{"d":2}}"#),
            &[("CONTENT-TYPE", ct)],
        ),
    )
    .await;
    let e = r.json();
    assert_eq!(e["method"], "PUT");
    assert_eq!(e["body"], "a=1&b=x%20y&c=%7B%22d%22%3A2%7D");
    assert_eq!(header(&e, "content-type"), Some(ct));
}

#[tokio::test]
async fn string_and_binary_bodies_are_sent_as_is() {
    let env = Env::start();
    let client = Client::new(env.config()).unwrap();
    let r = run(
        &client,
        with(
            &env.api("/echo"),
            "POST",
            Data::Text("raw {text}".into()),
            &[],
        ),
    )
    .await;
    assert_eq!(r.json()["body"], "raw {text}");
    let bin = Bytes::from_static(&[0, 1, 2, 0xFF, 0xFE]);
    let r = run(
        &client,
        with(&env.api("/echo"), "POST", Data::Binary(bin), &[]),
    )
    .await;
    let e = r.json();
    assert_eq!(e["bodyBase64"], "AAEC//4=");
    assert_eq!(e["bodyLength"], 5);
    // Any method token is passed through.
    let r = run(&client, with(&env.api("/echo"), "PATCH", Data::None, &[])).await;
    assert_eq!(r.json()["method"], "PATCH");
}

// ---- headers and identity -------------------------------------------------

#[tokio::test]
async fn host_owned_headers_are_dropped_and_referer_is_fixed() {
    let env = Env::start();
    let client = Client::new(env.config()).unwrap();
    let r = run(
        &client,
        with(
            &env.api("/echo"),
            "POST",
            Data::Text("x".into()),
            &[
                ("Referer", "https://evil.example/"),
                ("Content-Length", "99"),
                ("Connection", "close"),
                ("Transfer-Encoding", "chunked"),
                ("X-Custom", "kept"),
                ("Cookie", "script=1"),
            ],
        ),
    )
    .await;
    let e = r.json();
    assert_eq!(
        header(&e, "referer"),
        Some("https://servicewechat.com/wxtestappid/1.2.3/page-frame.html")
    );
    assert_eq!(header(&e, "content-length"), Some("1"));
    assert_eq!(header(&e, "x-custom"), Some("kept"));
    assert_eq!(header(&e, "cookie"), Some("script=1"));
    assert_eq!(header(&e, "accept-encoding"), Some("gzip, deflate, br"));
    assert!(header(&e, "connection").is_none());
    assert!(header(&e, "transfer-encoding").is_none());
    assert_eq!(
        header(&e, "host"),
        Some(format!("api.minihost.test:{}", env.port()).as_str())
    );
}

#[tokio::test]
async fn bad_header_is_a_parameter_error_before_any_io() {
    let env = Env::start();
    let client = Client::new(env.config()).unwrap();
    let r = run(
        &client,
        with(
            &env.api("/echo"),
            "GET",
            Data::None,
            &[("x", "a\r\nInjected: 1")],
        ),
    )
    .await;
    assert!(r.head.is_none());
    assert_eq!(r.error().kind, ErrorKind::Param);
    assert_eq!(
        r.error().detail,
        r#"header value of "x" contains CR/LF/NUL"#
    );
    let r = run(
        &client,
        with(&env.api("/echo"), "GET", Data::None, &[("bad name", "v")]),
    )
    .await;
    assert_eq!(r.error().kind, ErrorKind::Param);
}

#[tokio::test]
async fn referer_per_dialect_and_in_dev_mode() {
    let env = Env::start();
    let client = Client::new(env.config()).unwrap();
    let mut o = get(&env.api("/echo"));
    o.dialect = Dialect::My;
    let e = run(&client, o).await.json();
    assert_eq!(
        header(&e, "referer"),
        Some("https://wxtestappid.hybrid.alipay-eco.com/wxtestappid/1.2.3/page-frame.html")
    );
    // Dev mode: plain http to an IP literal is allowed, version is devtools.
    let mut cfg = env.config();
    cfg.url_check = false;
    let dev = Client::new(cfg).unwrap();
    let url = format!("http://127.0.0.1:{}/echo", env.server.http_port());
    let e = run(&dev, with(&url, "GET", Data::None, &[("referer", "x")]))
        .await
        .json();
    assert_eq!(
        header(&e, "referer"),
        Some("https://servicewechat.com/wxtestappid/devtools/page-frame.html")
    );
}

// ---- policy --------------------------------------------------------------

#[tokio::test]
async fn policy_refuses_before_any_io() {
    let env = Env::start();
    let client = Client::new(env.config()).unwrap();
    let r = run(&client, get(&env.other("/echo"))).await;
    assert!(r.head.is_none());
    assert_eq!(r.error().kind, ErrorKind::DomainRefused);
    let r = run(&client, get(&env.plain("/echo"))).await;
    assert_eq!(r.error().kind, ErrorKind::InsecureScheme);
    let r = run(&client, get("not a url")).await;
    assert_eq!(r.error().kind, ErrorKind::InvalidUrl);
    let r = run(
        &client,
        get(&format!("https://127.0.0.1:{}/echo", env.port())),
    )
    .await;
    assert_eq!(r.error().kind, ErrorKind::DomainRefused);
}

#[tokio::test]
async fn name_resolving_to_loopback_is_refused() {
    // A name that the system resolver maps to loopback (e.g. the machine's
    // own name in /etc/hosts), listed, but without a --resolve rule.
    let hosts = std::fs::read_to_string("/etc/hosts").unwrap_or_default();
    let name = hosts
        .lines()
        .filter(|l| l.starts_with("127."))
        .flat_map(|l| l.split_whitespace().skip(1))
        .find(|n| !n.contains("localhost") && !n.starts_with('#'))
        .map(str::to_string);
    let Some(name) = name else {
        eprintln!("no loopback name in /etc/hosts: skipped");
        return;
    };
    let env = Env::start();
    let mut cfg = env.config();
    cfg.domains.request.push(format!("{name}:{}", env.port()));
    let client = Client::new(cfg).unwrap();
    let r = run(&client, get(&format!("https://{name}:{}/echo", env.port()))).await;
    assert!(r.head.is_none());
    assert_eq!(r.error().kind, ErrorKind::DomainRefused, "{:?}", r.error());
}

// ---- redirects -------------------------------------------------------------

#[tokio::test]
async fn redirects_followed_up_to_ten_hops() {
    let env = Env::start();
    let client = Client::new(env.config()).unwrap();
    // /redirect/9: ten redirects, then /echo.
    let r = run(&client, get(&env.api("/redirect/9"))).await;
    assert_eq!(r.status(), 200);
    let e = r.json();
    assert_eq!(e["path"], "/echo");
    assert_eq!(
        header(&e, "referer"),
        Some("https://servicewechat.com/wxtestappid/1.2.3/page-frame.html")
    );
    let r = run(&client, get(&env.api("/redirect/10"))).await;
    assert_eq!(r.error().kind, ErrorKind::TooManyRedirects);
    assert!(r.head.is_none());
    let r = run(&client, get(&env.api("/redirect-loop"))).await;
    assert_eq!(r.error().kind, ErrorKind::TooManyRedirects);
}

#[tokio::test]
async fn redirect_hops_are_checked() {
    let env = Env::start();
    let client = Client::new(env.config()).unwrap();
    let to = |u: &str| {
        env.api(&format!(
            "/redirect-to?url={}",
            minihost_net::encoding::encode_uri_component(u)
        ))
    };
    let r = run(&client, get(&to(&env.other("/echo")))).await;
    assert_eq!(r.error().kind, ErrorKind::DomainRefused);
    assert!(r.head.is_none());
    let r = run(&client, get(&to(&env.plain("/echo")))).await;
    assert_eq!(r.error().kind, ErrorKind::InsecureScheme);
    // Even in dev mode, https → http is never followed.
    let mut cfg = env.config();
    cfg.url_check = false;
    let dev = Client::new(cfg).unwrap();
    let r = run(&dev, get(&to(&env.plain("/echo")))).await;
    assert_eq!(r.error().kind, ErrorKind::InsecureScheme);
    // A relative same-host target is fine.
    let r = run(&client, get(&to("/echo?hop=1"))).await;
    assert_eq!(r.json()["query"], "hop=1");
}

#[tokio::test]
async fn redirect_methods_bodies_and_credentials() {
    let env = Env::start();
    let mut cfg = env.config();
    cfg.domains
        .request
        .push(format!("other.minihost.test:{}", env.port()));
    let client = Client::new(cfg).unwrap();
    let to = |u: &str, s: u16| {
        env.api(&format!(
            "/redirect-to?status={s}&url={}",
            minihost_net::encoding::encode_uri_component(u)
        ))
    };
    let creds = [
        ("Cookie", "c=1"),
        ("Authorization", "Bearer t"),
        ("X-Keep", "k"),
    ];
    // 307 keeps method and body.
    let r = run(
        &client,
        with(&to("/echo", 307), "POST", Data::Text("body".into()), &creds),
    )
    .await;
    let e = r.json();
    assert_eq!(
        (e["method"].as_str(), e["body"].as_str()),
        (Some("POST"), Some("body"))
    );
    assert_eq!(header(&e, "cookie"), Some("c=1"));
    assert_eq!(header(&e, "authorization"), Some("Bearer t"));
    // 308 too.
    let r = run(
        &client,
        with(&to("/echo", 308), "PUT", Data::Text("b2".into()), &[]),
    )
    .await;
    assert_eq!(r.json()["body"], "b2");
    // 302 / 303 turn POST into GET without a body.
    for s in [301, 302, 303] {
        let r = run(
            &client,
            with(&to("/echo", s), "POST", Data::Text("gone".into()), &[]),
        )
        .await;
        let e = r.json();
        assert_eq!(
            (e["method"].as_str(), e["bodyLength"].as_u64()),
            (Some("GET"), Some(0)),
            "{s}"
        );
        assert!(header(&e, "content-type").is_none(), "{s}");
    }
    // Cross-host: Cookie and Authorization are dropped, other headers kept.
    let r = run(
        &client,
        with(&to(&env.other("/echo"), 302), "GET", Data::None, &creds),
    )
    .await;
    let e = r.json();
    assert!(header(&e, "cookie").is_none());
    assert!(header(&e, "authorization").is_none());
    assert_eq!(header(&e, "x-keep"), Some("k"));
    assert!(header(&e, "host")
        .unwrap()
        .starts_with("other.minihost.test"));
}

#[tokio::test]
async fn manual_redirect_returns_the_3xx() {
    let env = Env::start();
    let client = Client::new(env.config()).unwrap();
    let mut o = get(&env.api("/redirect/1"));
    o.redirect = Redirect::Manual;
    let r = run(&client, o).await;
    assert_eq!(r.status(), 302);
    assert_eq!(
        r.head.as_ref().unwrap().header("location").as_deref(),
        Some("/redirect/0")
    );
    assert!(r.done.is_some());
}

// ---- timeout and abort -----------------------------------------------------

#[tokio::test]
async fn timeout_covers_the_whole_request() {
    let env = Env::start();
    let client = Client::new(env.config()).unwrap();
    let mut o = get(&env.api("/delay/5000"));
    o.timeout = Some(Duration::from_millis(200));
    let r = run(&client, o).await;
    assert_eq!(r.error().kind, ErrorKind::Timeout);
    assert!(r.head.is_none());
    // Headers arrive, the body is slow: still a timeout, after Headers.
    let mut o = get(&env.api("/stream?chunks=20&interval=100&size=10"));
    o.timeout = Some(Duration::from_millis(300));
    let r = run(&client, o).await;
    assert_eq!(r.error().kind, ErrorKind::Timeout);
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn deadline_timers_are_reused_with_any_timeout() {
    // The client keeps the timers of finished requests; a later request with
    // a shorter timeout (an earlier deadline) must still time out on time,
    // and one with a longer timeout must not time out early.
    let env = Env::start();
    let client = Client::new(env.config()).unwrap();
    for _ in 0..3 {
        let mut o = get(&env.api("/json"));
        o.timeout = Some(Duration::from_secs(60));
        assert_eq!(run(&client, o).await.status(), 200);
    }
    let mut o = get(&env.api("/delay/5000"));
    o.timeout = Some(Duration::from_millis(150));
    let t0 = std::time::Instant::now();
    let r = run(&client, o).await;
    assert_eq!(r.error().kind, ErrorKind::Timeout);
    assert!(t0.elapsed() < Duration::from_secs(3), "{:?}", t0.elapsed());
    let mut o = get(&env.api("/delay/400"));
    o.timeout = Some(Duration::from_secs(30));
    assert_eq!(run(&client, o).await.status(), 200);
}

#[tokio::test]
async fn abort_before_headers() {
    let env = Env::start();
    let client = Client::new(env.config()).unwrap();
    // At once, before the task even ran.
    let task = client.request(get(&env.api("/delay/5000")));
    task.abort();
    let r = collect(task).await;
    assert_eq!(r.error().kind, ErrorKind::Aborted);
    assert!(r.head.is_none());
    // While waiting for the response.
    let task = client.request(get(&env.api("/delay/5000")));
    tokio::time::sleep(Duration::from_millis(50)).await;
    task.abort();
    let r = collect(task).await;
    assert_eq!(r.error().kind, ErrorKind::Aborted);
    assert!(r.head.is_none());
}

#[tokio::test]
async fn abort_after_headers_and_mid_body() {
    let env = Env::start();
    let client = Client::new(env.config()).unwrap();
    let url = env.api("/stream?chunks=50&interval=100&size=10");
    // After headers.
    let mut task = client.request(get(&url));
    assert!(matches!(next(&mut task).await, Some(Event::Headers(_))));
    task.abort();
    assert!(
        matches!(next(&mut task).await, Some(Event::Failed(e)) if e.kind == ErrorKind::Aborted)
    );
    assert!(next(&mut task).await.is_none());
    // Mid-body.
    let mut task = client.request(get(&url));
    assert!(matches!(next(&mut task).await, Some(Event::Headers(_))));
    assert!(matches!(next(&mut task).await, Some(Event::Chunk(_))));
    task.abort();
    assert!(
        matches!(next(&mut task).await, Some(Event::Failed(e)) if e.kind == ErrorKind::Aborted)
    );
    assert!(next(&mut task).await.is_none());
    // After the end: nothing changes.
    let mut task = client.request(get(&env.api("/json")));
    let mut terminal = 0;
    while let Some(ev) = next(&mut task).await {
        if ev.is_terminal() {
            terminal += 1;
            assert!(matches!(ev, Event::Done { .. }));
            task.abort();
        }
    }
    assert_eq!(terminal, 1);
}

#[tokio::test]
async fn slow_reader_still_gets_exactly_one_terminal_event() {
    let env = Env::start();
    let client = Client::new(env.config()).unwrap();
    let task = client.request(get(&env.api("/bytes/2000000")));
    // Let the task fill the channel before reading anything.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let r = collect(task).await;
    assert_eq!(r.body().len(), 2_000_000);
    assert_eq!(r.chunk_bytes().len(), 2_000_000);
    assert!(r
        .body()
        .iter()
        .enumerate()
        .all(|(i, &b)| b == (i % 251) as u8));
}

// ---- failures ----------------------------------------------------------------

#[tokio::test]
async fn truncated_body_fails() {
    let env = Env::start();
    let client = Client::new(env.config()).unwrap();
    let r = run(&client, get(&env.api("/truncate?size=100000&cut=50000"))).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.error().kind, ErrorKind::Network, "{:?}", r.error());
    assert!(r.chunk_bytes().len() < 100_000);
    // Over HTTP/1.1 (dev mode, plain) too.
    let mut cfg = env.config();
    cfg.url_check = false;
    let dev = Client::new(cfg).unwrap();
    let r = run(&dev, get(&env.plain("/truncate?size=100000&cut=50000"))).await;
    assert_eq!(r.error().kind, ErrorKind::Network, "{:?}", r.error());
}

#[tokio::test]
async fn connection_refused_and_untrusted_certificate() {
    let env = Env::start();
    // A port nobody listens on (bound then released).
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut cfg = env.config();
    cfg.url_check = false;
    let dev = Client::new(cfg).unwrap();
    let r = run(&dev, get(&format!("http://127.0.0.1:{port}/"))).await;
    assert_eq!(r.error().kind, ErrorKind::Network);
    assert!(
        r.error().detail.contains("connection refused"),
        "{}",
        r.error().detail
    );
    // Without the devserver CA the certificate is not trusted.
    let mut cfg = env.config();
    cfg.ca_certs.clear();
    let client = Client::new(cfg).unwrap();
    let r = run(&client, get(&env.api("/json"))).await;
    assert_eq!(r.error().kind, ErrorKind::Tls, "{:?}", r.error());
    // A missing CA file is a config error at Client::new.
    let mut cfg = env.config();
    cfg.ca_certs = vec![env.dir.path().join("missing.pem")];
    assert_eq!(Client::new(cfg).unwrap_err().kind, ErrorKind::Tls);
}

// ---- response ------------------------------------------------------------------

#[tokio::test]
async fn gzip_is_decoded() {
    let env = Env::start();
    let client = Client::new(env.config()).unwrap();
    let r = run(&client, get(&env.api("/gzip"))).await;
    assert_eq!(r.json(), serde_json::json!({"gzip": true}));
    assert_eq!(r.chunk_bytes(), r.body().to_vec());
    let mut o = get(&env.api("/gzip"));
    o.http2 = true;
    let r = run(&client, o).await;
    assert_eq!(r.json(), serde_json::json!({"gzip": true}));
}

#[tokio::test]
async fn connections_are_kept_between_requests() {
    let env = Env::start();
    let client = Client::new(env.config()).unwrap();
    let port = |r: &support::Collected| r.json()["port"].as_u64().expect("a port");
    let first = run(&client, get(&env.api("/peer"))).await;
    // A decoded body and a redirect in between: each hands its connection
    // back once read to the end.
    let r = run(&client, get(&env.api("/gzip"))).await;
    assert_eq!(r.json(), serde_json::json!({"gzip": true}));
    let again = run(&client, get(&env.api("/peer"))).await;
    assert_eq!(
        port(&first),
        port(&again),
        "one connection for sequential requests"
    );
    // A body not read to the end (here: the task dropped after the head)
    // does not give a half-read connection to the next request.
    let mut task = client.request(get(&env.api("/bytes/1048576")));
    assert!(matches!(next(&mut task).await, Some(Event::Headers(_))));
    drop(task);
    for _ in 0..3 {
        let r = run(&client, get(&env.api("/peer"))).await;
        assert!(r.json()["port"].is_u64());
    }
    // HTTP/2: one shared connection.
    let h2 = || {
        let mut o = get(&env.api("/peer"));
        o.http2 = true;
        o
    };
    let a = run(&client, h2()).await;
    let b = run(&client, h2()).await;
    assert_eq!(port(&a), port(&b));
}

#[tokio::test]
async fn http1_by_default_h2_only_with_enable_http2() {
    let env = Env::start();
    let client = Client::new(env.config()).unwrap();
    let e = run(&client, get(&env.api("/echo"))).await.json();
    assert_eq!(e["httpVersion"], "HTTP/1.1");
    let mut o = get(&env.api("/echo"));
    o.http2 = true;
    let e = run(&client, o).await.json();
    assert_eq!(e["httpVersion"], "HTTP/2.0");
    // Both pools live side by side: the default stays HTTP/1.1, and a POST
    // with a body works over each.
    for (http2, want) in [(false, "HTTP/1.1"), (true, "HTTP/2.0"), (false, "HTTP/1.1")] {
        let mut o = with(&env.api("/echo"), "POST", Data::Text("x=1".into()), &[]);
        o.http2 = http2;
        let e = run(&client, o).await.json();
        assert_eq!(e["httpVersion"], want);
        assert_eq!(e["body"], "x=1");
    }
    // A pinned host whose rule covers only another port goes through an
    // alternative client, which keeps the same protocol choice.
    let mut cfg = env.config();
    cfg.resolve
        .push(minihost_net::config::ResolveRule::parse("api.minihost.test:1:127.0.0.2").unwrap());
    let client = Client::new(cfg).unwrap();
    for (http2, want) in [(false, "HTTP/1.1"), (true, "HTTP/2.0")] {
        let mut o = get(&env.api("/echo"));
        o.http2 = http2;
        let e = run(&client, o).await.json();
        assert_eq!(e["httpVersion"], want);
    }
}

#[tokio::test]
async fn response_headers_and_cookies() {
    let env = Env::start();
    let client = Client::new(env.config()).unwrap();
    let r = run(&client, get(&env.api("/headers/repeat"))).await;
    let head = r.head.as_ref().unwrap();
    assert_eq!(head.header("x-multi").as_deref(), Some("a, b"));
    assert_eq!(head.header("X-Case-Test").as_deref(), Some("MixedCase"));
    let names: Vec<&str> = head.headers().map(|(n, _)| n).collect();
    assert_eq!(names.iter().filter(|n| **n == "x-multi").count(), 1);
    let r = run(&client, get(&env.api("/set-cookie?a=1&b=2"))).await;
    let head = r.head.as_ref().unwrap();
    assert_eq!(
        head.cookies().collect::<Vec<_>>(),
        ["a=1; Path=/", "b=2; Path=/"]
    );
    assert_eq!(
        head.header("set-cookie").as_deref(),
        Some("a=1; Path=/, b=2; Path=/")
    );
    // wx has no jar.
    let e = run(&client, get(&env.api("/cookies"))).await.json();
    assert_eq!(e["cookie"], Value::Null);
}

#[tokio::test]
async fn my_cookie_jar_sends_back_and_persists() {
    let env = Env::start();
    let my = |url: String| {
        let mut o = get(&url);
        o.dialect = Dialect::My;
        o
    };
    {
        let client = Client::new(env.config()).unwrap();
        run(&client, my(env.api("/set-cookie?sid=abc&t=1")))
            .await
            .body();
        let e = run(&client, my(env.api("/cookies"))).await.json();
        assert_eq!(e["cookie"], "sid=abc; t=1");
        // A script Cookie wins over the jar.
        let mut o = my(env.api("/cookies"));
        o.headers = vec![("cookie".into(), "mine=1".into())];
        assert_eq!(run(&client, o).await.json()["cookie"], "mine=1");
        // Cookies set on a redirect hop are stored too.
        let to = env.api(&format!(
            "/redirect-to?url={}",
            minihost_net::encoding::encode_uri_component("/set-cookie?hop=2")
        ));
        run(&client, my(to)).await.body();
    }
    assert!(env.data_dir().join("cookies.json").exists());
    let client = Client::new(env.config()).unwrap();
    let e = run(&client, my(env.api("/cookies"))).await.json();
    assert_eq!(e["cookie"], "sid=abc; t=1; hop=2");
    // wx does not use the jar.
    let e = run(&client, get(&env.api("/cookies"))).await.json();
    assert_eq!(e["cookie"], Value::Null);
}

#[tokio::test]
async fn buffered_body_limit_and_streaming() {
    let env = Env::start();
    let mut cfg = env.config();
    cfg.limits.max_buffered_body = 10_000;
    let client = Client::new(cfg).unwrap();
    for url in [env.api("/bytes/50000"), env.api("/bytes/50000?nolength=1")] {
        let r = run(&client, get(&url)).await;
        assert_eq!(r.error().kind, ErrorKind::BodyTooLarge, "{url}");
        let mut o = get(&url);
        o.streaming = true;
        let r = run(&client, o).await;
        assert!(r.body().is_empty(), "{url}");
        assert_eq!(r.chunk_bytes().len(), 50_000, "{url}");
    }
    // Chunks come as they are read.
    let mut o = get(&env.api("/stream?chunks=4&interval=20&size=100"));
    o.streaming = true;
    let r = run(&client, o).await;
    assert!(r.chunks.len() >= 2);
    assert_eq!(r.chunk_bytes().len(), 400);
}

// ---- slots -----------------------------------------------------------------------

async fn wait_until(mut cond: impl FnMut() -> bool) {
    for _ in 0..500 {
        if cond() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("condition not reached");
}

#[tokio::test]
async fn slots_queue_then_queue_full() {
    let env = Env::start();
    let mut cfg: AppConfig = env.config();
    cfg.limits.max_concurrent_requests = 1;
    cfg.limits.max_queued_requests = 1;
    let client = Client::new(cfg).unwrap();
    let a = client.request(get(&env.api("/delay/10000")));
    wait_until(|| client.free_slots() == 0).await;
    let b = client.request(get(&env.api("/json")));
    wait_until(|| client.queued() == 1).await;
    let c = collect(client.request(get(&env.api("/json")))).await;
    assert_eq!(c.error().kind, ErrorKind::QueueFull);
    // Freeing the slot lets the queued one run.
    a.abort();
    assert_eq!(collect(a).await.error().kind, ErrorKind::Aborted);
    assert_eq!(collect(b).await.status(), 200);
    assert_eq!(client.queued(), 0);
    // The transfer code takes the same slots.
    let permit = client.acquire_slot().await.unwrap();
    assert_eq!(client.free_slots(), 0);
    drop(permit);
    assert_eq!(client.free_slots(), 1);
}

#[test]
fn works_on_a_multi_thread_runtime_and_in_parallel() {
    let env = Env::start();
    let client = Client::new(env.config()).unwrap();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let url = env.api("/json");
    let statuses = rt.block_on(async move {
        let tasks: Vec<_> = (0..20).map(|_| client.request(get(&url))).collect();
        let mut out = Vec::new();
        for t in tasks {
            out.push(collect(t).await.status());
        }
        out
    });
    assert!(statuses.iter().all(|s| *s == 200));
}

#[tokio::test]
async fn resolve_rules_apply_per_port_exactly() {
    use minihost_net::config::ResolveRule;
    let env = Env::start();
    let port = env.port();
    let mut cfg = env.config();
    cfg.domains
        .request
        .push(format!("third.minihost.test:{port}"));
    cfg.domains
        .request
        .push(format!("fourth.minihost.test:{port}"));
    // third: a rule for another port only, so PORT is not mapped (and the
    // name does not resolve here).
    cfg.resolve
        .push(ResolveRule::parse(&format!("third.minihost.test:{}:127.0.0.1", port ^ 1)).unwrap());
    // fourth: different addresses per port; PORT maps to 127.0.0.1.
    cfg.resolve
        .push(ResolveRule::parse(&format!("fourth.minihost.test:{port}:127.0.0.1")).unwrap());
    cfg.resolve
        .push(ResolveRule::parse(&format!("fourth.minihost.test:{}:127.0.0.2", port ^ 1)).unwrap());
    let client = Client::new(cfg).unwrap();
    let r = run(
        &client,
        get(&format!("https://third.minihost.test:{port}/echo")),
    )
    .await;
    assert!(r.head.is_none());
    assert_eq!(r.error().kind, ErrorKind::Network, "{:?}", r.error());
    let r = run(
        &client,
        get(&format!("https://fourth.minihost.test:{port}/echo")),
    )
    .await;
    assert_eq!(r.json()["path"], "/echo");
}
