//! WebSockets (SPEC §5) against the devserver over real TLS on loopback:
//! round trips, closes both ways, sub-protocols, timeouts, the size limit,
//! the socket limit, send/close validation, the domain policy and handshake
//! failures. Every event wait is bounded; no timing is asserted.

mod support;

use std::time::Duration;

use bytes::Bytes;
use minihost_net::config::ResolveRule;
use minihost_net::socket::{
    Message, ReadyState, SocketEvent, SocketEvents, SocketHandle, SocketHub, SocketOptions,
};
use minihost_net::{AppConfig, Client, Dialect, ErrorKind};
use support::{Env, EVENT_WAIT};

/// The socket test app: `ws.minihost.test` listed for sockets and mapped to
/// the devserver's ports.
fn ws_config(env: &Env) -> AppConfig {
    let mut cfg = env.config();
    cfg.domains.socket = vec!["ws.minihost.test".into()];
    for port in [env.port(), env.server.http_port()] {
        cfg.resolve
            .push(ResolveRule::parse(&format!("ws.minihost.test:{port}:127.0.0.1")).unwrap());
    }
    cfg
}

fn hub_with(cfg: AppConfig) -> SocketHub {
    SocketHub::new(&Client::new(cfg).expect("client")).expect("hub")
}

fn hub(env: &Env) -> SocketHub {
    hub_with(ws_config(env))
}

/// `wss://ws.minihost.test:PORT{path}`.
fn wss(env: &Env, path: &str) -> String {
    format!("wss://ws.minihost.test:{}{path}", env.port())
}

fn connect(hub: &SocketHub, url: &str) -> (SocketHandle, SocketEvents) {
    hub.connect(SocketOptions::new(url))
        .expect("connect starts")
}

async fn next(events: &mut SocketEvents) -> Option<SocketEvent> {
    tokio::time::timeout(EVENT_WAIT, events.next())
        .await
        .expect("socket event within the wait limit")
}

/// Waits for `Open`; panics on anything else.
async fn opened(events: &mut SocketEvents) -> (Vec<(String, String)>, Option<String>) {
    match next(events).await {
        Some(SocketEvent::Open { headers, protocol }) => (headers, protocol),
        other => panic!("expected open, got {other:?}"),
    }
}

/// Reads every remaining event and checks the contract: nothing after the one
/// `Close`, at most one `Error`, and only right before the `Close`.
async fn rest(events: &mut SocketEvents) -> Vec<SocketEvent> {
    let mut all = Vec::new();
    loop {
        match next(events).await {
            Some(ev) => {
                let end = matches!(ev, SocketEvent::Close { .. });
                all.push(ev);
                if end {
                    break;
                }
            }
            None => panic!("event stream ended without a close: {all:?}"),
        }
    }
    assert!(next(events).await.is_none(), "event after the close");
    let errors: Vec<usize> = all
        .iter()
        .enumerate()
        .filter(|(_, e)| matches!(e, SocketEvent::Error(_)))
        .map(|(i, _)| i)
        .collect();
    assert!(errors.len() <= 1, "more than one error: {all:?}");
    if let Some(&i) = errors.first() {
        assert_eq!(
            i,
            all.len() - 2,
            "error not right before the close: {all:?}"
        );
    }
    all
}

fn close_of(all: &[SocketEvent]) -> (u16, String) {
    match all.last() {
        Some(SocketEvent::Close { code, reason }) => (*code, reason.clone()),
        other => panic!("last event is not a close: {other:?}"),
    }
}

fn error_of(all: &[SocketEvent]) -> Option<&minihost_net::Error> {
    all.iter().find_map(|e| match e {
        SocketEvent::Error(e) => Some(e),
        _ => None,
    })
}

/// Connects, expects a failure before open: returns the error and close.
async fn failed_open(hub: &SocketHub, opts: SocketOptions) -> (minihost_net::Error, u16) {
    let (_s, mut ev) = hub.connect(opts).expect("connect starts");
    let all = rest(&mut ev).await;
    assert!(
        !all.iter().any(|e| matches!(e, SocketEvent::Open { .. })),
        "opened: {all:?}"
    );
    let err = error_of(&all).cloned().expect("an error event");
    (err, close_of(&all).0)
}

#[tokio::test]
async fn echo_text_and_binary() {
    let env = Env::start();
    let hub = hub(&env);
    let (s, mut ev) = connect(&hub, &wss(&env, "/ws/echo"));
    assert_eq!(s.ready_state(), ReadyState::Connecting);
    let (headers, protocol) = opened(&mut ev).await;
    assert_eq!(s.ready_state(), ReadyState::Open);
    assert_eq!(protocol, None);
    assert!(
        headers
            .iter()
            .any(|(n, v)| n == "upgrade" && v.eq_ignore_ascii_case("websocket")),
        "{headers:?}"
    );
    s.send(Message::Text("héllo".into()))
        .unwrap()
        .written()
        .await
        .unwrap();
    assert_eq!(next(&mut ev).await, Some(SocketEvent::Text("héllo".into())));
    let bin = Bytes::from((0..=255u8).cycle().take(70_000).collect::<Vec<u8>>());
    s.send(Message::Binary(bin.clone()))
        .unwrap()
        .written()
        .await
        .unwrap();
    assert_eq!(next(&mut ev).await, Some(SocketEvent::Binary(bin)));
    // Many sends queued at once keep their order.
    let receipts: Vec<_> = (0..100)
        .map(|i| s.send(Message::Text(format!("m{i}"))).unwrap())
        .collect();
    for r in receipts {
        r.written().await.unwrap();
    }
    for i in 0..100 {
        assert_eq!(
            next(&mut ev).await,
            Some(SocketEvent::Text(format!("m{i}")))
        );
    }
    s.send(Message::Text(String::new())).unwrap();
    assert_eq!(next(&mut ev).await, Some(SocketEvent::Text(String::new())));
    s.close(None, "").unwrap();
    let all = rest(&mut ev).await;
    assert_eq!(close_of(&all), (1000, String::new()));
    assert!(error_of(&all).is_none());
    assert_eq!(s.ready_state(), ReadyState::Closed);
    assert_eq!(hub.live(), 0);
}

#[tokio::test]
async fn binary_from_server() {
    let env = Env::start();
    let hub = hub(&env);
    let (_s, mut ev) = connect(&hub, &wss(&env, "/ws/binary"));
    opened(&mut ev).await;
    let expected: Vec<u8> = (0..=255u8).collect();
    assert_eq!(
        next(&mut ev).await,
        Some(SocketEvent::Binary(expected.into()))
    );
}

#[tokio::test]
async fn pings_are_answered_automatically() {
    // SPEC §5: ping/pong is answered automatically. The server pings with a
    // payload and reports the pong it got back.
    let env = Env::start();
    let hub = hub(&env);
    let (_s, mut ev) = connect(&hub, &wss(&env, "/ws/ping"));
    opened(&mut ev).await;
    assert_eq!(
        next(&mut ev).await,
        Some(SocketEvent::Text("pong:minihost".into()))
    );
}

#[tokio::test]
async fn server_close_code_and_reason() {
    let env = Env::start();
    let hub = hub(&env);
    let (s, mut ev) = connect(&hub, &wss(&env, "/ws/close?code=4001&reason=bye%20now"));
    opened(&mut ev).await;
    let all = rest(&mut ev).await;
    assert_eq!(close_of(&all), (4001, "bye now".to_string()));
    assert!(error_of(&all).is_none(), "{all:?}");
    assert_eq!(s.ready_state(), ReadyState::Closed);
    assert_eq!(
        s.send(Message::Text("late".into())).unwrap_err().kind,
        ErrorKind::NotConnected
    );
    // Closing a closed socket does nothing.
    s.close(Some(1000), "").unwrap();
    assert_eq!(hub.live(), 0);
}

#[tokio::test]
async fn client_close_code_and_reason() {
    let env = Env::start();
    let hub = hub(&env);
    let (s, mut ev) = connect(&hub, &wss(&env, "/ws/echo"));
    opened(&mut ev).await;
    s.close(Some(3001), "done, 完了").unwrap();
    assert!(matches!(
        s.ready_state(),
        ReadyState::Open | ReadyState::Closing
    ));
    // A second close while closing is a no-op.
    s.close(Some(4000), "again").unwrap();
    let all = rest(&mut ev).await;
    assert_eq!(close_of(&all), (3001, "done, 完了".to_string()));
    assert!(error_of(&all).is_none());
    assert_eq!(s.ready_state(), ReadyState::Closed);
}

#[tokio::test]
async fn invalid_close_codes_and_reasons() {
    let env = Env::start();
    let hub = hub(&env);
    let (s, mut ev) = connect(&hub, &wss(&env, "/ws/echo"));
    opened(&mut ev).await;
    for code in [0u16, 999, 1001, 1005, 1006, 1011, 2999, 5000] {
        let e = s.close(Some(code), "").unwrap_err();
        assert_eq!(e.kind, ErrorKind::Param, "{code}");
        assert!(e.detail.contains("code"), "{e:?}");
    }
    let e = s.close(Some(1000), &"x".repeat(124)).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Param);
    assert!(e.detail.contains("reason"), "{e:?}");
    // 41 three-byte characters are 123 bytes: allowed; 42 are not.
    assert_eq!(
        s.close(Some(1000), &"中".repeat(42)).unwrap_err().kind,
        ErrorKind::Param
    );
    // The socket is still usable.
    assert_eq!(s.ready_state(), ReadyState::Open);
    s.send(Message::Text("still here".into())).unwrap();
    assert_eq!(
        next(&mut ev).await,
        Some(SocketEvent::Text("still here".into()))
    );
    s.close(Some(4999), &"中".repeat(41)).unwrap();
    let all = rest(&mut ev).await;
    assert_eq!(close_of(&all), (4999, "中".repeat(41)));
}

#[tokio::test]
async fn sub_protocol_negotiated() {
    let env = Env::start();
    let hub = hub(&env);
    let opts = SocketOptions {
        protocols: vec!["chat".into(), "superchat".into()],
        ..SocketOptions::new(&wss(&env, "/ws/protocol"))
    };
    let (_s, mut ev) = hub.connect(opts).unwrap();
    let (headers, protocol) = opened(&mut ev).await;
    assert_eq!(protocol.as_deref(), Some("chat"));
    assert!(headers
        .iter()
        .any(|(n, v)| n == "sec-websocket-protocol" && v == "chat"));

    // The my dialect offers it through a header.
    let opts = SocketOptions {
        headers: vec![("Sec-WebSocket-Protocol".into(), "v1.proto, v2.proto".into())],
        dialect: Dialect::My,
        ..SocketOptions::new(&wss(&env, "/ws/protocol"))
    };
    let (_s, mut ev) = hub.connect(opts).unwrap();
    assert_eq!(opened(&mut ev).await.1.as_deref(), Some("v1.proto"));
}

#[tokio::test]
async fn sub_protocol_missing() {
    let env = Env::start();
    let hub = hub(&env);
    let opts = SocketOptions {
        protocols: vec!["chat".into()],
        ..SocketOptions::new(&wss(&env, "/ws/echo"))
    };
    let (err, code) = failed_open(&hub, opts).await;
    assert_eq!(err.kind, ErrorKind::ProtocolMissing, "{err:?}");
    assert_eq!(code, 1006);
    assert_eq!(hub.live(), 0);
    // Bad sub-protocol tokens are refused before any I/O.
    for bad in ["", "two words", "semi;colon"] {
        let opts = SocketOptions {
            protocols: vec![bad.into()],
            ..SocketOptions::new(&wss(&env, "/ws/echo"))
        };
        assert_eq!(
            hub.connect(opts).unwrap_err().kind,
            ErrorKind::Param,
            "{bad:?}"
        );
    }
}

#[tokio::test]
async fn hang_times_out() {
    let env = Env::start();
    let hub = hub(&env);
    let opts = SocketOptions {
        timeout: Some(Duration::from_millis(300)),
        ..SocketOptions::new(&wss(&env, "/ws/hang"))
    };
    let (err, code) = failed_open(&hub, opts).await;
    assert_eq!(err.kind, ErrorKind::Timeout);
    assert_eq!(code, 1006);

    // networkTimeout.connectSocket is the default.
    let mut cfg = ws_config(&env);
    cfg.network_timeout.connect_socket = Some(200);
    let hub = hub_with(cfg);
    let (err, _) = failed_open(&hub, SocketOptions::new(&wss(&env, "/ws/hang"))).await;
    assert_eq!(err.kind, ErrorKind::Timeout);
    assert_eq!(hub.live(), 0);
}

#[tokio::test]
async fn close_while_connecting() {
    let env = Env::start();
    let hub = hub(&env);
    let (s, mut ev) = connect(&hub, &wss(&env, "/ws/hang"));
    assert_eq!(hub.live(), 1);
    assert_eq!(
        s.send(Message::Text("early".into())).unwrap_err().kind,
        ErrorKind::NotConnected
    );
    s.close(Some(1000), "replaced").unwrap();
    let all = rest(&mut ev).await;
    assert_eq!(
        all,
        vec![SocketEvent::Close {
            code: 1000,
            reason: "replaced".into()
        }]
    );
    assert_eq!(hub.live(), 0);
}

#[tokio::test]
async fn oversize_message_closes_with_1009() {
    let env = Env::start();
    let mut cfg = ws_config(&env);
    cfg.limits.max_socket_message = 4096;
    let hub = hub_with(cfg);
    // Exactly at the limit is fine.
    let (_s, mut ev) = connect(&hub, &wss(&env, "/ws/oversize?size=4096"));
    opened(&mut ev).await;
    assert_eq!(
        next(&mut ev).await,
        Some(SocketEvent::Text("a".repeat(4096)))
    );
    // One byte over closes with 1009 after an error.
    let (s, mut ev) = connect(&hub, &wss(&env, "/ws/oversize?size=4097"));
    opened(&mut ev).await;
    let all = rest(&mut ev).await;
    assert_eq!(close_of(&all).0, 1009, "{all:?}");
    let err = error_of(&all).expect("error before the close");
    assert!(err.detail.contains("4096"), "{err:?}");
    assert_eq!(s.ready_state(), ReadyState::Closed);
}

#[tokio::test]
async fn sixth_socket_is_refused_until_one_closes() {
    let env = Env::start();
    let hub = hub(&env);
    let mut open = Vec::new();
    for i in 0..5 {
        // Both dialects count against the same limit.
        let dialect = if i % 2 == 0 { Dialect::Wx } else { Dialect::My };
        let opts = SocketOptions {
            dialect,
            ..SocketOptions::new(&wss(&env, "/ws/echo"))
        };
        open.push(hub.connect(opts).expect("within the limit"));
    }
    assert_eq!(hub.live(), 5);
    // Connecting sockets count too: the 6th is refused before any open.
    let e = hub
        .connect(SocketOptions::new(&wss(&env, "/ws/echo")))
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::TooManySockets);
    assert_eq!(e.detail, "5");
    assert_eq!(
        e.wx_err_msg(minihost_net::ApiName::ConnectSocket),
        "connectSocket:fail exceed max websocket connect count 5"
    );
    for (_, ev) in open.iter_mut() {
        opened(ev).await;
    }
    let e = hub
        .connect(SocketOptions::new(&wss(&env, "/ws/echo")))
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::TooManySockets);
    // Closing one frees its slot once its close event is out.
    let (s, mut ev) = open.pop().unwrap();
    s.close(None, "").unwrap();
    rest(&mut ev).await;
    assert_eq!(hub.live(), 4);
    let (_s6, mut ev6) = connect(&hub, &wss(&env, "/ws/echo"));
    opened(&mut ev6).await;
    assert_eq!(hub.live(), 5);
}

#[tokio::test]
async fn send_before_open_and_after_close() {
    let env = Env::start();
    let hub = hub(&env);
    let (s, mut ev) = connect(&hub, &wss(&env, "/ws/echo"));
    let e = s.send(Message::Text("too early".into())).unwrap_err();
    assert_eq!(e.kind, ErrorKind::NotConnected);
    assert_eq!(e.my(minihost_net::ApiName::SendSocketMessage).error, 10);
    opened(&mut ev).await;
    s.send(Message::Text("now".into())).unwrap();
    assert_eq!(next(&mut ev).await, Some(SocketEvent::Text("now".into())));
    s.close(None, "").unwrap();
    assert_eq!(
        s.send(Message::Text("closing".into())).unwrap_err().kind,
        ErrorKind::NotConnected
    );
    rest(&mut ev).await;
    assert_eq!(
        s.send(Message::Text("closed".into())).unwrap_err().kind,
        ErrorKind::NotConnected
    );
}

#[tokio::test]
async fn policy_refusals_before_any_io() {
    let env = Env::start();
    let hub = hub(&env);
    let port = env.port();
    let cases = [
        (String::new(), ErrorKind::EmptyUrl),
        ("not a url".to_string(), ErrorKind::InvalidUrl),
        (
            format!("ws://ws.minihost.test:{}/ws/echo", env.server.http_port()),
            ErrorKind::InsecureScheme,
        ),
        (
            format!("https://ws.minihost.test:{port}/ws/echo"),
            ErrorKind::BadScheme,
        ),
        (
            format!("wss://other.minihost.test:{port}/ws/echo"),
            ErrorKind::DomainRefused,
        ),
        (
            format!("wss://127.0.0.1:{port}/ws/echo"),
            ErrorKind::DomainRefused,
        ),
        (
            format!("wss://[::1]:{port}/ws/echo"),
            ErrorKind::DomainRefused,
        ),
        (
            format!("wss://localhost:{port}/ws/echo"),
            ErrorKind::DomainRefused,
        ),
        (
            format!("wss://u:p@ws.minihost.test:{port}/ws/echo"),
            ErrorKind::DomainRefused,
        ),
    ];
    for (url, kind) in cases {
        for dialect in [Dialect::Wx, Dialect::My] {
            let opts = SocketOptions {
                dialect,
                ..SocketOptions::new(&url)
            };
            let e = hub.connect(opts).unwrap_err();
            assert_eq!(e.kind, kind, "{url} {dialect:?}: {e:?}");
        }
    }
    assert_eq!(hub.live(), 0);
    let my = |kind: ErrorKind| {
        minihost_net::Error::new(kind, "")
            .my(minihost_net::ApiName::ConnectSocket)
            .error
    };
    assert_eq!(my(ErrorKind::EmptyUrl), 3);
    assert_eq!(my(ErrorKind::InvalidUrl), 4);
    assert_eq!(my(ErrorKind::BadScheme), 5);
    assert_eq!(my(ErrorKind::InsecureScheme), 8);
    assert_eq!(my(ErrorKind::DomainRefused), 65);
}

#[tokio::test]
async fn dev_mode_allows_ws_and_ip_literals() {
    let env = Env::start();
    let mut cfg = ws_config(&env);
    cfg.url_check = false;
    let hub = hub_with(cfg);
    for url in [
        env.server.ws_url("/ws/echo"),
        env.server.wss_url("/ws/echo"),
    ] {
        let (s, mut ev) = connect(&hub, &url);
        opened(&mut ev).await;
        s.send(Message::Text("dev".into())).unwrap();
        assert_eq!(
            next(&mut ev).await,
            Some(SocketEvent::Text("dev".into())),
            "{url}"
        );
        s.close(None, "").unwrap();
        rest(&mut ev).await;
    }
}

#[tokio::test]
async fn handshake_headers() {
    let env = Env::start();
    let hub = hub(&env);
    let opts = SocketOptions {
        headers: vec![
            ("X-Custom".into(), "v1".into()),
            ("Referer".into(), "https://evil.example/".into()),
            ("Host".into(), "evil.example".into()),
            (
                "Sec-WebSocket-Key".into(),
                "AAAAAAAAAAAAAAAAAAAAAA==".into(),
            ),
            ("Cookie".into(), "a=b".into()),
        ],
        per_message_deflate: true,
        tcp_no_delay: true,
        ..SocketOptions::new(&wss(&env, "/ws/headers"))
    };
    let (_s, mut ev) = hub.connect(opts).unwrap();
    opened(&mut ev).await;
    let text = match next(&mut ev).await {
        Some(SocketEvent::Text(t)) => t,
        other => panic!("{other:?}"),
    };
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let h = v.get("headers").unwrap_or(&v);
    assert_eq!(h["x-custom"], "v1");
    assert_eq!(h["cookie"], "a=b");
    assert_eq!(
        h["referer"],
        "https://servicewechat.com/wxtestappid/1.2.3/page-frame.html"
    );
    assert_eq!(h["host"], format!("ws.minihost.test:{}", env.port()));
    assert_ne!(h["sec-websocket-key"], "AAAAAAAAAAAAAAAAAAAAAA==");
    // permessage-deflate is never offered.
    assert!(h.get("sec-websocket-extensions").is_none(), "{h}");

    // The my dialect's Referer.
    let opts = SocketOptions {
        dialect: Dialect::My,
        ..SocketOptions::new(&wss(&env, "/ws/headers"))
    };
    let (_s, mut ev) = hub.connect(opts).unwrap();
    opened(&mut ev).await;
    let Some(SocketEvent::Text(text)) = next(&mut ev).await else {
        panic!("no headers")
    };
    assert!(
        text.contains("hybrid.alipay-eco.com/wxtestappid/1.2.3/page-frame.html"),
        "{text}"
    );

    // CR/LF/NUL in a header is a parameter error before any I/O.
    for value in ["a\r\nX-Injected: 1", "a\nb", "a\0b"] {
        let opts = SocketOptions {
            headers: vec![("X-Bad".into(), value.into())],
            ..SocketOptions::new(&wss(&env, "/ws/headers"))
        };
        assert_eq!(hub.connect(opts).unwrap_err().kind, ErrorKind::Param);
    }
    let opts = SocketOptions {
        headers: vec![("Bad Name".into(), "v".into())],
        ..SocketOptions::new(&wss(&env, "/ws/headers"))
    };
    assert_eq!(hub.connect(opts).unwrap_err().kind, ErrorKind::Param);
}

#[tokio::test]
async fn untrusted_certificate_is_tls_error() {
    let env = Env::start();
    let mut cfg = ws_config(&env);
    cfg.ca_certs.clear();
    let hub = hub_with(cfg);
    let (err, code) = failed_open(&hub, SocketOptions::new(&wss(&env, "/ws/echo"))).await;
    assert_eq!(err.kind, ErrorKind::Tls, "{err:?}");
    assert_eq!(code, 1006);
    assert_eq!(err.my(minihost_net::ApiName::ConnectSocket).error, 7);
}

#[tokio::test]
async fn refused_connection_is_network_error() {
    let env = Env::start();
    // A port that was free a moment ago.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap();
    let mut cfg = ws_config(&env);
    cfg.resolve
        .push(ResolveRule::parse(&format!("ws.minihost.test:{port}:127.0.0.1")).unwrap());
    let hub = hub_with(cfg);
    let url = format!("wss://ws.minihost.test:{port}/ws/echo");
    let (err, code) = failed_open(&hub, SocketOptions::new(&url)).await;
    assert_eq!(err.kind, ErrorKind::Network, "{err:?}");
    assert_eq!(code, 1006);
}

#[tokio::test]
async fn non_upgrade_answer_is_bad_handshake() {
    let env = Env::start();
    let hub = hub(&env);
    for path in ["/json", "/status/404", "/redirect/0"] {
        let (err, _) = failed_open(&hub, SocketOptions::new(&wss(&env, path))).await;
        assert_eq!(err.kind, ErrorKind::BadHandshake, "{path}: {err:?}");
    }
}

#[tokio::test]
async fn dropping_every_handle_closes() {
    let env = Env::start();
    let hub = hub(&env);
    let (s, mut ev) = connect(&hub, &wss(&env, "/ws/echo"));
    opened(&mut ev).await;
    drop(s);
    let all = rest(&mut ev).await;
    assert_eq!(close_of(&all).0, 1001);
    assert_eq!(hub.live(), 0);
}

#[tokio::test]
async fn send_wait_applies_backpressure() {
    let env = Env::start();
    let hub = hub(&env);
    let (s, mut ev) = connect(&hub, &wss(&env, "/ws/echo"));
    opened(&mut ev).await;
    let big = Bytes::from(vec![7u8; 1 << 20]);
    for _ in 0..8 {
        s.send_wait(Message::Binary(big.clone())).await.unwrap();
        assert_eq!(next(&mut ev).await, Some(SocketEvent::Binary(big.clone())));
    }
}

#[tokio::test]
async fn shutdown_closes_with_going_away() {
    let env = Env::start();
    let hub = hub(&env);
    let (s, mut ev) = connect(&hub, &wss(&env, "/ws/echo"));
    opened(&mut ev).await;
    s.shutdown();
    assert_eq!(s.ready_state(), ReadyState::Closing);
    // Only the first close counts.
    s.close(Some(3000), "later").unwrap();
    let all = rest(&mut ev).await;
    assert_eq!(close_of(&all), (1001, "going away".to_string()));
    assert!(error_of(&all).is_none());
}
