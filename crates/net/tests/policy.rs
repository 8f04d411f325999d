//! The domain policy (SPEC §7) as tables: URL × API × dialect × config → verdict,
//! and resolved address → verdict. Every refusal asserts its exact `ErrorKind`.

use std::net::{IpAddr, SocketAddr};

use minihost_net::config::ResolveRule;
use minihost_net::{Api, AppConfig, Dialect, DomainPolicy, ErrorKind};

use Api::{DownloadFile as D, Request as R, Socket as S, UploadFile as U};
use Dialect::{My, Wx};
use ErrorKind::{BadScheme, DomainRefused as Refused, EmptyUrl, InsecureScheme, InvalidUrl};

/// The config variants the rows run against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cfg {
    /// Per-API lists (plus some invalid entries that must be ignored).
    Std,
    /// One `my`-style list in `request`, the other lists empty.
    MyOne,
    /// A single `host:port` entry.
    MyPort,
    /// Dev mode (`urlCheck: false`), no lists.
    Dev,
    /// Policy on, no lists at all.
    Empty,
}

fn config(c: Cfg) -> AppConfig {
    let mut cfg = AppConfig::default();
    let v = |xs: &[&str]| xs.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    match c {
        Cfg::Std => {
            cfg.domains.request = v(&[
                "good.com",
                "api.good.com:8443",
                "https://prefixed.com/",
                "xn--bcher-kva.example",
                "port443.com:443",
                "Trailing.Dot.COM.",
                "例子.测试",
                // invalid entries, ignored:
                "1.2.3.4",
                "localhost",
                "*.wild.com",
                "bad entry.com",
                "zero.com:0",
            ]);
            cfg.domains.upload_file = v(&["up.good.com"]);
            cfg.domains.download_file = v(&["cdn.good.com"]);
            cfg.domains.socket = v(&["wss://ws.good.com", "wsport.good.com:9443"]);
            cfg.resolve = vec![
                ResolveRule::parse("Good.Com:443:127.0.0.1").expect("rule"),
                ResolveRule::parse("api.good.com:8443:[::1]").expect("rule"),
            ];
        }
        Cfg::MyOne => {
            cfg.platform = Dialect::My;
            cfg.domains.request = v(&["example.com", "p.example.com:8443"]);
        }
        Cfg::MyPort => {
            cfg.platform = Dialect::My;
            cfg.domains.request = v(&["p.test:8443"]);
        }
        Cfg::Dev => cfg.url_check = false,
        Cfg::Empty => {}
    }
    cfg
}

/// Expected verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
enum V {
    Ok(&'static str, u16),
    Err(ErrorKind),
}

fn ok(host: &'static str, port: u16) -> V {
    V::Ok(host, port)
}

fn err(kind: ErrorKind) -> V {
    V::Err(kind)
}

type Row = (&'static str, Api, Dialect, Cfg, V);

fn url_rows() -> Vec<Row> {
    use Cfg::*;
    vec![
        // --- basics
        ("https://good.com/x", R, Wx, Std, ok("good.com", 443)),
        ("https://good.com", R, Wx, Std, ok("good.com", 443)),
        ("HTTPS://GOOD.COM/", R, Wx, Std, ok("good.com", 443)),
        ("  https://good.com/  ", R, Wx, Std, ok("good.com", 443)),
        (
            "https://good.com/path?q=1#frag",
            R,
            Wx,
            Std,
            ok("good.com", 443),
        ),
        ("", R, Wx, Std, err(EmptyUrl)),
        ("   ", R, Wx, Std, err(EmptyUrl)),
        ("", S, My, MyOne, err(EmptyUrl)),
        ("good.com", R, Wx, Std, err(InvalidUrl)),
        ("//good.com/x", R, Wx, Std, err(InvalidUrl)),
        ("https://", R, Wx, Std, err(InvalidUrl)),
        ("https:// good.com", R, Wx, Std, err(InvalidUrl)),
        ("ht tp://good.com", R, Wx, Std, err(InvalidUrl)),
        ("https://a b.com/", R, Wx, Std, err(InvalidUrl)),
        ("https://evil.com/", R, Wx, Std, err(Refused)),
        ("https://sub.good.com/", R, Wx, Std, err(Refused)),
        ("https://good.com.evil.com/", R, Wx, Std, err(Refused)),
        ("https://evilgood.com/", R, Wx, Std, err(Refused)),
        ("https://prefixed.com/", R, Wx, Std, ok("prefixed.com", 443)),
        // --- userinfo
        ("https://good.com@evil.com/", R, Wx, Std, err(Refused)),
        ("https://evil.com@good.com/", R, Wx, Std, err(Refused)),
        ("https://user:pass@good.com/", R, Wx, Std, err(Refused)),
        ("https://user@good.com/", R, Wx, Std, err(Refused)),
        ("https://:pass@good.com/", R, Wx, Std, err(Refused)),
        ("https://@good.com/", R, Wx, Std, err(Refused)),
        ("https://:@good.com/", R, Wx, Std, err(Refused)),
        ("https://a@b@good.com/", R, Wx, Std, err(Refused)),
        ("https://good.com:443@good.com/", R, Wx, Std, err(Refused)),
        ("https://evil.com\\@good.com/", R, Wx, Std, err(Refused)),
        (
            "https://good.com\\@evil.com/",
            R,
            Wx,
            Std,
            ok("good.com", 443),
        ),
        (
            "https://good.com?@evil.com",
            R,
            Wx,
            Std,
            ok("good.com", 443),
        ),
        (
            "https://good.com#@evil.com",
            R,
            Wx,
            Std,
            ok("good.com", 443),
        ),
        (
            "https://good.com/@evil.com",
            R,
            Wx,
            Std,
            ok("good.com", 443),
        ),
        ("https://good.com%40evil.com/", R, Wx, Std, err(InvalidUrl)),
        ("https://u@example.com/", R, My, MyOne, err(Refused)),
        ("wss://u:p@ws.good.com/", S, Wx, Std, err(Refused)),
        ("http://user@good.com/", R, Wx, Dev, err(Refused)),
        ("https://good.com@127.0.0.1/", R, My, Dev, err(Refused)),
        // --- backslashes (WHATWG: \ is / for special schemes)
        ("https:\\\\good.com\\x", R, Wx, Std, ok("good.com", 443)),
        ("https:\\\\evil.com\\good.com", R, Wx, Std, err(Refused)),
        ("https:/\\good.com/", R, Wx, Std, ok("good.com", 443)),
        ("https:good.com/x", R, Wx, Std, ok("good.com", 443)),
        ("https:///good.com/", R, Wx, Std, ok("good.com", 443)),
        ("https:\\\\good.com:443\\x", R, Wx, Std, err(Refused)),
        // --- percent-encoded hosts
        ("https://%67ood.com/", R, Wx, Std, ok("good.com", 443)),
        ("https://%47OOD.COM/", R, Wx, Std, ok("good.com", 443)),
        ("https://good%2ecom/", R, Wx, Std, ok("good.com", 443)),
        ("https://good.com%2eevil.com/", R, Wx, Std, err(Refused)),
        ("https://good.com%2eevil.com/", R, My, MyOne, err(Refused)),
        ("https://good.com%00/", R, Wx, Std, err(InvalidUrl)),
        ("https://good.com%2F.evil.com/", R, Wx, Std, err(InvalidUrl)),
        ("https://good.com%3A8443/", R, Wx, Std, err(InvalidUrl)),
        // --- case, full-width, ideographic dot, invisible characters
        ("https://GoOd.CoM/", R, Wx, Std, ok("good.com", 443)),
        ("https://ｇｏｏｄ.ｃｏｍ/", R, Wx, Std, ok("good.com", 443)),
        ("https://good。com/", R, Wx, Std, ok("good.com", 443)),
        ("https://good．com/", R, Wx, Std, ok("good.com", 443)),
        ("https://good｡com/", R, Wx, Std, ok("good.com", 443)),
        (
            "https://good.com%E3%80%82/",
            R,
            Wx,
            Std,
            ok("good.com", 443),
        ),
        ("https://go\u{200b}od.com/", R, Wx, Std, ok("good.com", 443)),
        ("https://go\u{ad}od.com/", R, Wx, Std, ok("good.com", 443)),
        ("https://go\tod.com/", R, Wx, Std, ok("good.com", 443)),
        ("https://go\nod.com/", R, Wx, Std, ok("good.com", 443)),
        ("https://ｅｖｉｌ.com/", R, Wx, Std, err(Refused)),
        // --- IDN / punycode / homographs
        (
            "https://bücher.example/",
            R,
            Wx,
            Std,
            ok("xn--bcher-kva.example", 443),
        ),
        (
            "https://xn--bcher-kva.example/",
            R,
            Wx,
            Std,
            ok("xn--bcher-kva.example", 443),
        ),
        (
            "https://BÜCHER.example/",
            R,
            Wx,
            Std,
            ok("xn--bcher-kva.example", 443),
        ),
        ("https://bucher.example/", R, Wx, Std, err(Refused)),
        ("https://gооd.com/", R, Wx, Std, err(Refused)),
        ("https://xn--gd-fmca.com/", R, Wx, Std, err(Refused)),
        (
            "https://例子.测试/",
            R,
            Wx,
            Std,
            ok("xn--fsqu00a.xn--0zwm56d", 443),
        ),
        (
            "https://xn--fsqu00a.xn--0zwm56d/",
            R,
            Wx,
            Std,
            ok("xn--fsqu00a.xn--0zwm56d", 443),
        ),
        ("https://xn--/", R, Wx, Std, err(InvalidUrl)),
        // --- trailing dots and empty labels
        ("https://good.com./", R, Wx, Std, ok("good.com", 443)),
        ("https://good.com../", R, Wx, Std, err(Refused)),
        ("https://.good.com/", R, Wx, Std, err(Refused)),
        ("https://good..com/", R, Wx, Std, err(Refused)),
        ("https://./", R, Wx, Std, err(Refused)),
        ("https://%2e/", R, Wx, Std, err(Refused)),
        (
            "https://trailing.dot.com/",
            R,
            Wx,
            Std,
            ok("trailing.dot.com", 443),
        ),
        (
            "https://trailing.dot.com./",
            R,
            Wx,
            Std,
            ok("trailing.dot.com", 443),
        ),
        (
            "https://example.com./",
            R,
            My,
            MyOne,
            ok("example.com", 443),
        ),
        ("https://a.example.com../", R, My, MyOne, err(Refused)),
        ("https://good.com../", R, Wx, Dev, err(Refused)),
        // --- IPv4 in every notation
        ("https://127.0.0.1/", R, Wx, Std, err(Refused)),
        ("https://2130706433/", R, Wx, Std, err(Refused)),
        ("https://0x7f000001/", R, Wx, Std, err(Refused)),
        ("https://0177.0.0.1/", R, Wx, Std, err(Refused)),
        ("https://127.1/", R, Wx, Std, err(Refused)),
        ("https://0x7f.1/", R, Wx, Std, err(Refused)),
        ("https://0/", R, Wx, Std, err(Refused)),
        ("https://127.0.0.1./", R, Wx, Std, err(Refused)),
        ("https://%31%32%37.0.0.1/", R, Wx, Std, err(Refused)),
        ("https://１２７.０.０.１/", R, Wx, Std, err(Refused)),
        ("https://169.254.169.254/", R, Wx, Std, err(Refused)),
        ("https://8.8.8.8/", R, Wx, Std, err(Refused)),
        ("https://1.2.3.4/", R, Wx, Std, err(Refused)),
        ("https://10.0.0.1:8443/", R, My, MyOne, err(Refused)),
        ("wss://127.0.0.1:9000/", S, Wx, Std, err(Refused)),
        ("https://1.2.3.4.5/", R, Wx, Std, err(InvalidUrl)),
        ("https://999.1.1.1/", R, Wx, Std, err(InvalidUrl)),
        ("https://foo.09/", R, Wx, Std, err(InvalidUrl)),
        // --- IPv6
        ("https://[::1]/", R, Wx, Std, err(Refused)),
        ("https://[::ffff:127.0.0.1]/", R, Wx, Std, err(Refused)),
        ("https://[2001:db8::1]:8443/", R, Wx, Std, err(Refused)),
        ("https://[::1]/", D, My, MyOne, err(Refused)),
        ("https://[::1/", R, Wx, Std, err(InvalidUrl)),
        ("https://[fe80::1%25eth0]/", R, Wx, Std, err(InvalidUrl)),
        // --- localhost
        ("https://localhost/", R, Wx, Std, err(Refused)),
        ("https://LOCALHOST./", R, Wx, Std, err(Refused)),
        ("https://api.localhost/", R, Wx, Std, err(Refused)),
        ("https://localhost:8443/", R, Wx, Std, err(Refused)),
        ("https://localhost/", R, My, MyOne, err(Refused)),
        ("wss://localhost/", S, Wx, Std, err(Refused)),
        // --- ports and the explicit :443 rule (wx)
        ("https://good.com:443/", R, Wx, Std, err(Refused)),
        ("https://good.com:0443/", R, Wx, Std, err(Refused)),
        ("https://good.com:/", R, Wx, Std, err(Refused)),
        ("https://good.com:4\t43/", R, Wx, Std, err(Refused)),
        ("https://good.com:8443/", R, Wx, Std, err(Refused)),
        ("https://good.com:65536/", R, Wx, Std, err(InvalidUrl)),
        ("https://good.com:99999999/", R, Wx, Std, err(InvalidUrl)),
        ("https://good.com:-1/", R, Wx, Std, err(InvalidUrl)),
        ("https://good.com:44 3/", R, Wx, Std, err(InvalidUrl)),
        ("https://good.com:８４４３/", R, Wx, Std, err(InvalidUrl)),
        (
            "https://api.good.com:8443/",
            R,
            Wx,
            Std,
            ok("api.good.com", 8443),
        ),
        (
            "https://api.good.com:08443/",
            R,
            Wx,
            Std,
            ok("api.good.com", 8443),
        ),
        ("https://api.good.com/", R, Wx, Std, err(Refused)),
        ("https://api.good.com:9443/", R, Wx, Std, err(Refused)),
        ("https://port443.com/", R, Wx, Std, ok("port443.com", 443)),
        (
            "https://port443.com:443/",
            R,
            Wx,
            Std,
            ok("port443.com", 443),
        ),
        ("https://port443.com:8443/", R, Wx, Std, err(Refused)),
        ("https://zero.com/", R, Wx, Std, err(Refused)),
        // --- schemes
        ("http://good.com/", R, Wx, Std, err(InsecureScheme)),
        ("HTTP://good.com/", R, Wx, Std, err(InsecureScheme)),
        ("http://good.com:443/", R, My, MyOne, err(InsecureScheme)),
        ("ws://good.com/", R, Wx, Std, err(BadScheme)),
        ("wss://good.com/", R, Wx, Std, err(BadScheme)),
        ("ftp://good.com/", R, Wx, Std, err(BadScheme)),
        ("file:///etc/passwd", R, Wx, Std, err(BadScheme)),
        ("data:text/plain,hi", D, Wx, Std, err(BadScheme)),
        ("javascript:alert(1)", R, Wx, Std, err(BadScheme)),
        ("blob:https://good.com/uuid", R, Wx, Std, err(BadScheme)),
        ("ws://up.good.com/", U, Wx, Std, err(BadScheme)),
        ("http://up.good.com/", U, Wx, Std, err(InsecureScheme)),
        ("http://cdn.good.com/", D, Wx, Std, err(InsecureScheme)),
        ("http://cdn.good.com/", D, My, Std, err(InsecureScheme)),
        // --- sockets
        ("wss://ws.good.com/", S, Wx, Std, ok("ws.good.com", 443)),
        ("wss://ws.good.com:443/", S, Wx, Std, ok("ws.good.com", 443)),
        (
            "wss://ws.good.com:9000/chat",
            S,
            Wx,
            Std,
            ok("ws.good.com", 9000),
        ),
        ("ws://ws.good.com/", S, Wx, Std, err(InsecureScheme)),
        ("https://ws.good.com/", S, Wx, Std, err(BadScheme)),
        ("http://ws.good.com/", S, Wx, Std, err(BadScheme)),
        ("ftp://ws.good.com/", S, Wx, Std, err(BadScheme)),
        ("wss://good.com/", S, Wx, Std, err(Refused)),
        (
            "wss://wsport.good.com:9443/",
            S,
            Wx,
            Std,
            ok("wsport.good.com", 9443),
        ),
        ("wss://wsport.good.com:9444/", S, Wx, Std, err(Refused)),
        ("wss://wsport.good.com/", S, Wx, Std, err(Refused)),
        ("wss://x.ws.good.com/", S, Wx, Std, err(Refused)),
        (
            "wss://x.ws.good.com:7000/",
            S,
            My,
            Std,
            ok("x.ws.good.com", 7000),
        ),
        // --- per-API lists
        ("https://good.com/", D, Wx, Std, err(Refused)),
        ("https://good.com/", U, Wx, Std, err(Refused)),
        (
            "https://cdn.good.com/f.bin",
            D,
            Wx,
            Std,
            ok("cdn.good.com", 443),
        ),
        ("https://up.good.com/", U, Wx, Std, ok("up.good.com", 443)),
        ("https://cdn.good.com/", U, Wx, Std, err(Refused)),
        ("https://cdn.good.com/", R, Wx, Std, err(Refused)),
        ("https://good.com/", D, My, Std, err(Refused)),
        (
            "https://x.cdn.good.com/",
            D,
            My,
            Std,
            ok("x.cdn.good.com", 443),
        ),
        (
            "https://x.up.good.com:8443/",
            U,
            My,
            Std,
            ok("x.up.good.com", 8443),
        ),
        ("https://api.example.com/", D, Wx, MyOne, err(Refused)),
        // --- my: sub-domains, label boundary, ports, one list for all
        ("https://example.com/", R, My, MyOne, ok("example.com", 443)),
        (
            "https://api.example.com/",
            R,
            My,
            MyOne,
            ok("api.example.com", 443),
        ),
        (
            "https://a.b.example.com:8443/",
            R,
            My,
            MyOne,
            ok("a.b.example.com", 8443),
        ),
        (
            "https://example.com:443/",
            R,
            My,
            MyOne,
            ok("example.com", 443),
        ),
        (
            "https://EXAMPLE.com:9000/",
            R,
            My,
            MyOne,
            ok("example.com", 9000),
        ),
        ("https://evilexample.com/", R, My, MyOne, err(Refused)),
        ("https://xexample.com/", R, My, MyOne, err(Refused)),
        ("https://example.com.evil.com/", R, My, MyOne, err(Refused)),
        ("https://com/", R, My, MyOne, err(Refused)),
        (
            "https://cdn.example.com/",
            D,
            My,
            MyOne,
            ok("cdn.example.com", 443),
        ),
        ("https://example.com/", U, My, MyOne, ok("example.com", 443)),
        (
            "wss://example.com:7000/",
            S,
            My,
            MyOne,
            ok("example.com", 7000),
        ),
        ("https://api.example.com/", R, Wx, MyOne, err(Refused)),
        ("https://example.com/", R, Wx, MyOne, ok("example.com", 443)),
        ("https://example.com:443/", R, Wx, MyOne, err(Refused)),
        ("https://p.test:8443/", R, My, MyPort, ok("p.test", 8443)),
        (
            "https://x.p.test:8443/",
            R,
            My,
            MyPort,
            ok("x.p.test", 8443),
        ),
        ("https://p.test/", R, My, MyPort, err(Refused)),
        ("https://x.p.test:9443/", R, My, MyPort, err(Refused)),
        ("https://test:8443/", R, My, MyPort, err(Refused)),
        ("wss://p.test:8443/", S, My, MyPort, ok("p.test", 8443)),
        ("wss://p.test:8443/", S, Wx, MyPort, err(Refused)),
        // --- dev mode
        ("http://127.0.0.1:8080/", R, Wx, Dev, ok("127.0.0.1", 8080)),
        ("http://localhost/", R, Wx, Dev, ok("localhost", 80)),
        ("https://localhost:8443/", D, My, Dev, ok("localhost", 8443)),
        (
            "https://anything.example/",
            U,
            Wx,
            Dev,
            ok("anything.example", 443),
        ),
        (
            "https://anything.example:443/",
            R,
            Wx,
            Dev,
            ok("anything.example", 443),
        ),
        ("ws://127.0.0.1:9000/", S, Wx, Dev, ok("127.0.0.1", 9000)),
        ("wss://[::1]:9000/", S, My, Dev, ok("::1", 9000)),
        ("http://2130706433:8080/", R, My, Dev, ok("127.0.0.1", 8080)),
        ("https://x.com/", S, Wx, Dev, err(BadScheme)),
        ("ws://x.com/", R, Wx, Dev, err(BadScheme)),
        ("ftp://x.com/", R, Wx, Dev, err(BadScheme)),
        ("file:///etc/passwd", D, My, Dev, err(BadScheme)),
        ("http://u:p@x.com/", R, Wx, Dev, err(Refused)),
        ("", R, Wx, Dev, err(EmptyUrl)),
        ("https://x.com:65536/", R, Wx, Dev, err(InvalidUrl)),
        // --- no lists at all
        ("https://good.com/", R, Wx, Empty, err(Refused)),
        ("https://good.com/", R, My, Empty, err(Refused)),
        ("wss://good.com/", S, Wx, Empty, err(Refused)),
        ("http://good.com/", R, Wx, Empty, err(InsecureScheme)),
    ]
}

#[test]
fn url_table() {
    let rows = url_rows();
    assert!(rows.len() >= 120, "only {} rows", rows.len());
    let policies: Vec<(Cfg, DomainPolicy)> =
        [Cfg::Std, Cfg::MyOne, Cfg::MyPort, Cfg::Dev, Cfg::Empty]
            .into_iter()
            .map(|c| (c, DomainPolicy::new(&config(c))))
            .collect();
    let mut failures = Vec::new();
    for (i, (url, api, dialect, cfg, want)) in rows.iter().enumerate() {
        let Some((_, policy)) = policies.iter().find(|(c, _)| c == cfg) else {
            failures.push(format!("row {i}: no policy for {cfg:?}"));
            continue;
        };
        let got = match policy.check(*api, *dialect, url) {
            Ok(t) => {
                // The target's port is the URL's effective port, its host the
                // URL's host (minus one trailing dot, brackets): one parse.
                let url_host = t.url.host_str().unwrap_or_default();
                let url_host = url_host.trim_start_matches('[').trim_end_matches(']');
                if url_host.strip_suffix('.').unwrap_or(url_host) != t.host
                    || t.url.port_or_known_default() != Some(t.port)
                {
                    failures.push(format!(
                        "row {i}: {url:?}: target {t:?} disagrees with its url"
                    ));
                }
                format!("{:?}", V::Ok(leak(t.host), t.port))
            }
            Err(e) => {
                if matches!(e.kind, EmptyUrl | InvalidUrl) && e.detail != *url {
                    failures.push(format!(
                        "row {i}: {url:?}: detail {:?} is not the url",
                        e.detail
                    ));
                }
                format!("{:?}", V::Err(e.kind))
            }
        };
        if got != format!("{want:?}") {
            failures.push(format!(
                "row {i}: {url:?} {api:?} {dialect:?} {cfg:?}: want {want:?}, got {got}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

/// The same URL refused for every API when it is hostile (SPEC: hostile URLs
/// × 4 APIs, 0 accepted).
#[test]
fn hostile_urls_refused_for_every_api() {
    let policy = DomainPolicy::new(&config(Cfg::Std));
    let hostile = [
        "https://good.com@evil.com/",
        "https://evil.com\\@good.com/",
        "https://good.com%2eevil.com/",
        "https://2130706433/",
        "https://[::ffff:127.0.0.1]/",
        "https://localhost/",
        "https://gооd.com/",
        "https://good.com../",
        "http://good.com/",
        "file:///etc/passwd",
    ];
    for url in hostile {
        for api in Api::ALL {
            for dialect in [Wx, My] {
                let r = policy.check(api, dialect, url);
                assert!(r.is_err(), "{url:?} {api:?} {dialect:?} accepted: {r:?}");
            }
        }
    }
}

#[test]
fn check_url_matches_check_for_parsed_urls() {
    let policy = DomainPolicy::new(&config(Cfg::Std));
    let u = url::Url::parse("https://api.good.com:8443/x").expect("url");
    let t = policy.check_url(R, Wx, &u).expect("admitted");
    assert_eq!((t.host.as_str(), t.port), ("api.good.com", 8443));
    assert_eq!(t.url, u);
    let u = url::Url::parse("https://evil.com/").expect("url");
    assert_eq!(
        policy.check_url(R, Wx, &u).map_err(|e| e.kind),
        Err(Refused)
    );
    let u = url::Url::parse("https://u@good.com/").expect("url");
    assert_eq!(
        policy.check_url(R, Wx, &u).map_err(|e| e.kind),
        Err(Refused)
    );
    let u = url::Url::parse("http://good.com/").expect("url");
    assert_eq!(
        policy.check_url(R, Wx, &u).map_err(|e| e.kind),
        Err(InsecureScheme)
    );
}

#[test]
fn target_keeps_the_parsed_url() {
    let policy = DomainPolicy::new(&config(Cfg::Std));
    let t = policy
        .check(R, Wx, "https:\\\\GOOD.com\\a b?x=1#f")
        .expect("admitted");
    assert_eq!(t.url.as_str(), "https://good.com/a%20b?x=1#f");
    assert_eq!(t.ip(), None);
    let dev = DomainPolicy::new(&config(Cfg::Dev));
    let t = dev.check(S, Wx, "wss://[::1]:9000/").expect("dev admits");
    assert_eq!(t.ip(), Some("::1".parse().expect("ip")));
    assert!(dev.is_dev_mode() && !policy.is_dev_mode());
}

#[test]
fn error_details_and_codes() {
    let policy = DomainPolicy::new(&config(Cfg::Std));
    let e = policy.check(R, Wx, "https://good.com:65536/").unwrap_err();
    assert_eq!(
        e.wx_err_msg(minihost_net::ApiName::Request),
        "request:fail invalid url \"https://good.com:65536/\""
    );
    let e = policy.check(R, Wx, "https://evil.com/").unwrap_err();
    assert_eq!(e.wx().errno, 600002);
    let e = policy.check(S, My, "https://ws.good.com/").unwrap_err();
    assert_eq!(e.my(minihost_net::ApiName::ConnectSocket).error, 5);
    let e = policy.check(S, My, "wss://evil.com/").unwrap_err();
    assert_eq!(e.my(minihost_net::ApiName::ConnectSocket).error, 65);
}

#[test]
fn validate_config_reports_bad_entries() {
    assert!(DomainPolicy::validate_config(&config(Cfg::MyOne)).is_ok());
    let e = DomainPolicy::validate_config(&config(Cfg::Std)).unwrap_err();
    assert!(
        e.contains("domains.request") && e.contains("1.2.3.4"),
        "{e}"
    );
}

// ---------------------------------------------------------------- addresses

type AddrRow = (&'static str, u16, &'static str, Cfg, Option<ErrorKind>);

fn addr_rows() -> Vec<AddrRow> {
    use Cfg::*;
    let r = Some(Refused);
    vec![
        ("good.com", 443, "93.184.216.34", Std, None),
        ("good.com", 443, "8.8.8.8", Std, None),
        ("good.com", 443, "2001:4860:4860::8888", Std, None),
        ("good.com", 443, "::ffff:8.8.8.8", Std, None),
        // --resolve exceptions: exact (host, port, addr) only
        ("good.com", 443, "127.0.0.1", Std, None),
        ("GOOD.COM", 443, "127.0.0.1", Std, None),
        ("good.com.", 443, "127.0.0.1", Std, None),
        ("good.com", 443, "::ffff:127.0.0.1", Std, None),
        ("good.com", 8443, "127.0.0.1", Std, r.clone()),
        ("good.com", 443, "127.0.0.2", Std, r.clone()),
        ("good.com", 443, "::1", Std, r.clone()),
        ("evil.com", 443, "127.0.0.1", Std, r.clone()),
        ("api.good.com", 8443, "::1", Std, None),
        ("api.good.com", 8443, "127.0.0.1", Std, r.clone()),
        ("api.good.com", 443, "::1", Std, r.clone()),
        // loopback, private, link-local, CGNAT, unspecified, reserved
        ("x.com", 443, "127.0.0.1", Std, r.clone()),
        ("x.com", 443, "127.255.255.254", Std, r.clone()),
        ("x.com", 443, "10.1.2.3", Std, r.clone()),
        ("x.com", 443, "172.16.0.1", Std, r.clone()),
        ("x.com", 443, "172.31.255.255", Std, r.clone()),
        ("x.com", 443, "172.15.0.1", Std, None),
        ("x.com", 443, "172.32.0.1", Std, None),
        ("x.com", 443, "192.168.1.1", Std, r.clone()),
        ("x.com", 443, "192.169.0.1", Std, None),
        ("x.com", 443, "169.254.169.254", Std, r.clone()),
        ("x.com", 443, "100.64.0.1", Std, r.clone()),
        ("x.com", 443, "100.127.255.255", Std, r.clone()),
        ("x.com", 443, "100.63.255.255", Std, None),
        ("x.com", 443, "100.128.0.1", Std, None),
        ("x.com", 443, "0.0.0.0", Std, r.clone()),
        ("x.com", 443, "0.1.2.3", Std, r.clone()),
        ("x.com", 443, "255.255.255.255", Std, r.clone()),
        ("x.com", 443, "224.0.0.1", Std, r.clone()),
        ("x.com", 443, "::", Std, r.clone()),
        ("x.com", 443, "::1", Std, r.clone()),
        ("x.com", 443, "fe80::1", Std, r.clone()),
        ("x.com", 443, "febf::1", Std, r.clone()),
        ("x.com", 443, "fec0::1", Std, r.clone()),
        ("x.com", 443, "fc00::1", Std, r.clone()),
        ("x.com", 443, "fd12:3456::1", Std, r.clone()),
        ("x.com", 443, "ff02::1", Std, r.clone()),
        ("x.com", 443, "::ffff:127.0.0.1", Std, r.clone()),
        ("x.com", 443, "::ffff:10.0.0.1", Std, r.clone()),
        ("x.com", 443, "::ffff:169.254.169.254", Std, r.clone()),
        ("x.com", 443, "::127.0.0.1", Std, r.clone()),
        ("x.com", 443, "64:ff9b::a00:1", Std, r.clone()),
        ("x.com", 443, "64:ff9b::808:808", Std, None),
        ("x.com", 443, "fe00::1", Std, None),
        ("good.com", 443, "127.0.0.1", MyOne, r.clone()),
        ("good.com", 443, "8.8.4.4", MyOne, None),
        // dev mode skips the address check
        ("x.com", 443, "127.0.0.1", Dev, None),
        ("x.com", 443, "10.0.0.1", Dev, None),
        ("x.com", 443, "::1", Dev, None),
    ]
}

#[test]
fn addr_table() {
    let rows = addr_rows();
    assert!(rows.len() >= 20);
    let mut failures = Vec::new();
    for (i, (host, port, addr, cfg, want)) in rows.iter().enumerate() {
        let policy = DomainPolicy::new(&config(*cfg));
        let ip: IpAddr = addr.parse().expect("row address");
        let got = policy.check_addr(host, *port, ip).err().map(|e| e.kind);
        if got != *want {
            failures.push(format!(
                "row {i}: {host}:{port} -> {addr} {cfg:?}: want {want:?}, got {got:?}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn resolve_overrides() {
    let policy = DomainPolicy::new(&config(Cfg::Std));
    let sa = |s: &str| -> SocketAddr { s.parse().expect("socket addr") };
    assert_eq!(
        policy.resolve_override("good.com", 443),
        Some(sa("127.0.0.1:443"))
    );
    assert_eq!(
        policy.resolve_override("Good.COM.", 443),
        Some(sa("127.0.0.1:443"))
    );
    assert_eq!(policy.resolve_override("good.com", 80), None);
    assert_eq!(
        policy.resolve_override("api.good.com", 8443),
        Some(sa("[::1]:8443"))
    );
    assert_eq!(policy.resolve_override("evil.com", 443), None);
    let none = DomainPolicy::new(&config(Cfg::MyOne));
    assert_eq!(none.resolve_override("good.com", 443), None);
}
