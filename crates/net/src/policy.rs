//! The domain policy of SPEC §7: a value built from the app config that says,
//! before any I/O, whether a URL may be fetched by an API in a dialect, and,
//! after name resolution, whether the address may be connected to.
//!
//! ```
//! use minihost_net::{Api, AppConfig, Dialect, DomainPolicy, ErrorKind};
//! let mut cfg = AppConfig::default();
//! cfg.domains.request = vec!["api.example.com".into()];
//! let policy = DomainPolicy::new(&cfg);
//! let t = policy.check(Api::Request, Dialect::Wx, "https://API.example.com./x").unwrap();
//! assert_eq!((t.host.as_str(), t.port), ("api.example.com", 443));
//! // wx: an entry without a port admits no explicit port, not even :443.
//! let e = policy.check(Api::Request, Dialect::Wx, "https://api.example.com:443/").unwrap_err();
//! assert_eq!(e.kind, ErrorKind::DomainRefused);
//! ```
//!
//! # Order of the checks in [`DomainPolicy::check`]
//!
//! 1. empty (after WHATWG's trimming of C0 controls and spaces) → `EmptyUrl`;
//! 2. WHATWG parse (the `url` crate) fails → `InvalidUrl`, detail = the URL as given;
//! 3. scheme: `https` (`wss` for [`Api::Socket`]) is fine; `http` (`ws`) is
//!    `InsecureScheme` outside dev mode; anything else is `BadScheme`;
//! 4. any userinfo, even an empty one (`https://@host`) → `DomainRefused`;
//! 5. host: no host → `InvalidUrl`; exactly one trailing dot is removed; an empty
//!    label left over (`a..b`, `.a`, `a..`) → `DomainRefused` (also in dev mode);
//! 6. outside dev mode: IP literals (every IPv4 notation the WHATWG parser
//!    normalises, IPv6) and `localhost` / `*.localhost` → `DomainRefused`;
//! 7. outside dev mode: the API's list (see [`DomainPolicy::check`]) → `DomainRefused`
//!    when no entry admits the host and port.
//!
//! # Domain list entries
//!
//! An entry is `host` or `host:port`, optionally prefixed by `https://`,
//! `wss://`, `http://` or `ws://` (ignored) and followed by one `/`. The host is
//! normalised exactly as a URL host (WHATWG host parser: percent-decoding,
//! IDNA/punycode, lower-casing, one trailing dot removed). Entries that are not
//! valid (IP addresses, `localhost`, wildcards `*`, a path, userinfo, port 0,
//! empty labels) are ignored by [`DomainPolicy::new`]; [`DomainPolicy::validate_config`]
//! names the first such entry so a front end can refuse the config.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Mutex;

use url::{Host, Url};

use crate::config::{AppConfig, Dialect};
use crate::error::{Error, ErrorKind, Result};

/// Which domain list an API is checked against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Api {
    /// `request`
    Request,
    /// `uploadFile`
    UploadFile,
    /// `downloadFile`
    DownloadFile,
    /// `connectSocket`
    Socket,
}

impl Api {
    /// All APIs, in the order of the config's `domains` keys.
    pub const ALL: [Api; 4] = [
        Api::Request,
        Api::UploadFile,
        Api::DownloadFile,
        Api::Socket,
    ];

    /// The key of this API's list in the config's `domains` object.
    pub fn config_key(&self) -> &'static str {
        match self {
            Api::Request => "request",
            Api::UploadFile => "uploadFile",
            Api::DownloadFile => "downloadFile",
            Api::Socket => "socket",
        }
    }

    fn index(self) -> usize {
        match self {
            Api::Request => 0,
            Api::UploadFile => 1,
            Api::DownloadFile => 2,
            Api::Socket => 3,
        }
    }
}

/// A URL the policy admitted: the parsed URL the connection must use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The parsed (WHATWG) URL, exactly as checked; the connection uses it as is.
    pub url: Url,
    /// Normalised host: lower-case punycode domain without its trailing dot, or
    /// (dev mode only) the IP address in text form, IPv6 without brackets. This
    /// is the name to resolve and to pass to [`DomainPolicy::check_addr`] and
    /// [`DomainPolicy::resolve_override`].
    pub host: String,
    /// Effective port (the scheme's default when the URL has none).
    pub port: u16,
}

impl Target {
    /// The host as an IP address, when the URL names one (dev mode only).
    pub fn ip(&self) -> Option<IpAddr> {
        match self.url.host()? {
            Host::Ipv4(a) => Some(IpAddr::V4(a)),
            Host::Ipv6(a) => Some(IpAddr::V6(a)),
            Host::Domain(_) => None,
        }
    }
}

/// One normalised domain list entry.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    /// Lower-case punycode, no trailing dot.
    host: Box<str>,
    /// `Some` for a `host:port` entry.
    port: Option<u16>,
}

/// One `--resolve` rule with its host normalised like a URL host.
#[derive(Debug, Clone)]
struct Override {
    host: Box<str>,
    port: u16,
    addr: IpAddr,
}

/// The per-app domain policy. Cheap to query: entries are normalised once in
/// [`DomainPolicy::new`]; [`DomainPolicy::check`] parses the URL once.
#[derive(Debug, Clone)]
pub struct DomainPolicy {
    url_check: bool,
    /// Per-API lists, indexed by [`Api::index`].
    lists: [Vec<Entry>; 4],
    /// Union of the four lists (the `my` fallback when an API's list is empty).
    union: Vec<Entry>,
    overrides: Vec<Override>,
}

/// What the raw text of a URL says about its authority, where the parsed
/// [`Url`] has lost the information (the `url` crate drops a default port and
/// an empty userinfo).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct RawAuthority {
    /// An `@` in the authority: userinfo, possibly empty.
    userinfo: bool,
    /// A `:` after the host: an explicit port, possibly the default or empty.
    port: bool,
}

impl DomainPolicy {
    /// Builds the policy from the config. Invalid list entries are ignored
    /// (see [`DomainPolicy::validate_config`]).
    pub fn new(cfg: &AppConfig) -> Self {
        let d = &cfg.domains;
        let parse_all = |list: &[String]| -> Vec<Entry> {
            list.iter().filter_map(|e| parse_entry(e).ok()).collect()
        };
        let lists = [
            parse_all(&d.request),
            parse_all(&d.upload_file),
            parse_all(&d.download_file),
            parse_all(&d.socket),
        ];
        let mut union: Vec<Entry> = Vec::new();
        for e in lists.iter().flatten() {
            if !union.contains(e) {
                union.push(e.clone());
            }
        }
        let overrides = cfg
            .resolve
            .iter()
            .map(|r| Override {
                host: normalise_name(&r.host).unwrap_or_else(|| r.host.to_ascii_lowercase().into()),
                port: r.port,
                addr: r.addr,
            })
            .collect();
        DomainPolicy {
            url_check: cfg.url_check,
            lists,
            union,
            overrides,
        }
    }

    /// Checks every domain list entry of `cfg`. `Err` names the first invalid
    /// entry and its list, e.g. `domains.request: invalid entry "1.2.3.4": IP
    /// addresses are not allowed`. [`DomainPolicy::new`] ignores such entries.
    pub fn validate_config(cfg: &AppConfig) -> std::result::Result<(), String> {
        let d = &cfg.domains;
        let lists = [&d.request, &d.upload_file, &d.download_file, &d.socket];
        for (api, list) in Api::ALL.iter().zip(lists) {
            for raw in list {
                if let Err(why) = parse_entry(raw) {
                    return Err(format!(
                        "domains.{}: invalid entry {raw:?}: {why}",
                        api.config_key()
                    ));
                }
            }
        }
        Ok(())
    }

    /// True in dev mode (`urlCheck: false`): lists, the https/wss rule and the
    /// IP/localhost/private-address rules are skipped.
    pub fn is_dev_mode(&self) -> bool {
        !self.url_check
    }

    /// Checks `raw` for `api` called from `dialect` (SPEC §7); on success the
    /// returned [`Target`] holds the parsed URL the connection must use.
    ///
    /// Lists: `Request` → `domains.request`, `UploadFile` → `uploadFile`,
    /// `DownloadFile` → `downloadFile`, `Socket` → `socket`; for `my`, an empty
    /// list falls back to the union of all four.
    ///
    /// Matching (`wx`): the exact host. An entry without port admits only URLs
    /// whose text carries no port at all (`:443` and even a bare `:` are
    /// refused) — except for sockets, where it admits any port. An entry
    /// `host:port` admits exactly that effective port (so `host:443` admits
    /// both `https://host/` and `https://host:443/`).
    ///
    /// Matching (`my`): the host and every sub-domain of it (label boundary),
    /// on any port; an entry `host:port` admits only that port.
    pub fn check(&self, api: Api, dialect: Dialect, raw: &str) -> Result<Target> {
        if trim_c0(raw).is_empty() {
            return Err(Error::new(ErrorKind::EmptyUrl, raw));
        }
        let url = Url::parse(raw).map_err(|_| Error::new(ErrorKind::InvalidUrl, raw))?;
        self.check_inner(api, dialect, url, Some(raw))
    }

    /// Checks an already parsed URL, e.g. a redirect hop's absolute URL; used
    /// as is (no second parse). The explicit-port rule of `wx` sees only what
    /// the URL kept: a default port written out in the original text is gone.
    pub fn check_url(&self, api: Api, dialect: Dialect, url: &Url) -> Result<Target> {
        self.check_inner(api, dialect, url.clone(), None)
    }

    fn check_inner(
        &self,
        api: Api,
        dialect: Dialect,
        url: Url,
        raw: Option<&str>,
    ) -> Result<Target> {
        let dev = !self.url_check;
        let fail = |kind: ErrorKind, why: &str| -> Error {
            Error::new(kind, format!("{why}: {}", raw.unwrap_or(url.as_str())))
        };

        // 3. Scheme family, then transport security.
        let (secure, plain) = match api {
            Api::Socket => ("wss", "ws"),
            _ => ("https", "http"),
        };
        let scheme = url.scheme();
        if scheme != secure {
            if scheme != plain {
                return Err(fail(
                    ErrorKind::BadScheme,
                    "scheme not allowed for this API",
                ));
            }
            if !dev {
                return Err(fail(
                    ErrorKind::InsecureScheme,
                    "plain-text scheme not allowed",
                ));
            }
        }

        // 4. Userinfo, from the raw text when we have it (an empty `@` is gone
        // from the parsed URL) and from the URL itself.
        let authority = match raw {
            Some(r) => scan_authority(r),
            None => RawAuthority {
                userinfo: false,
                port: url.port().is_some(),
            },
        };
        if authority.userinfo || !url.username().is_empty() || url.password().is_some() {
            return Err(fail(
                ErrorKind::DomainRefused,
                "userinfo not allowed in url",
            ));
        }

        // 5./6. Host.
        let port = match url.port_or_known_default() {
            Some(p) => p,
            None => return Err(fail(ErrorKind::InvalidUrl, "no port")),
        };
        let host: String = match url.host() {
            None => {
                return Err(Error::new(
                    ErrorKind::InvalidUrl,
                    raw.unwrap_or(url.as_str()),
                ))
            }
            Some(Host::Domain(d)) => {
                let d = d.strip_suffix('.').unwrap_or(d);
                if d.is_empty() || d.split('.').any(str::is_empty) {
                    return Err(fail(ErrorKind::DomainRefused, "empty label in host"));
                }
                if !dev && is_localhost(d) {
                    return Err(fail(ErrorKind::DomainRefused, "localhost not allowed"));
                }
                d.to_owned()
            }
            Some(Host::Ipv4(a)) if dev => a.to_string(),
            Some(Host::Ipv6(a)) if dev => a.to_string(),
            Some(_) => return Err(fail(ErrorKind::DomainRefused, "IP address not allowed")),
        };

        // 7. The list.
        if !dev {
            let list = self.list(api, dialect);
            let admitted = list
                .iter()
                .any(|e| admits(e, &host, port, authority.port, api, dialect));
            if !admitted {
                return Err(fail(ErrorKind::DomainRefused, "url not in domain list"));
            }
        }
        Ok(Target { url, host, port })
    }

    /// The list `api` is checked against for `dialect`.
    fn list(&self, api: Api, dialect: Dialect) -> &[Entry] {
        let own = &self.lists[api.index()];
        if dialect == Dialect::My && own.is_empty() {
            &self.union
        } else {
            own
        }
    }

    /// The check after resolution (SPEC §7): `host:port` resolved to `addr`.
    /// Refuses loopback, private (10/8, 172.16/12, 192.168/16, fc00::/7),
    /// link-local (169.254/16, fe80::/10), unspecified and `0/8`, CGNAT
    /// (100.64/10), multicast, broadcast and reserved (240/4), site-local
    /// (fec0::/10), and IPv4-mapped / IPv4-compatible / NAT64 (64:ff9b::/96)
    /// forms of those — unless a `--resolve` rule maps exactly (host, port) to
    /// `addr`, or in dev mode. The connection must then go to `addr`.
    pub fn check_addr(&self, host: &str, port: u16, addr: IpAddr) -> Result<()> {
        if !self.url_check || !is_forbidden_addr(addr) {
            return Ok(());
        }
        if let Some(o) = self.find_override(host, port) {
            if canonical(o.addr) == canonical(addr) {
                return Ok(());
            }
        }
        Err(Error::new(
            ErrorKind::DomainRefused,
            format!("{host} resolves to non-public address {addr}"),
        ))
    }

    /// The `--resolve` mapping for `host:port`, if any (host compared after
    /// normalisation: case, one trailing dot).
    pub fn resolve_override(&self, host: &str, port: u16) -> Option<SocketAddr> {
        self.find_override(host, port)
            .map(|o| SocketAddr::new(o.addr, port))
    }

    fn find_override(&self, host: &str, port: u16) -> Option<&Override> {
        if self.overrides.is_empty() {
            return None;
        }
        let h = host.strip_suffix('.').unwrap_or(host);
        self.overrides
            .iter()
            .find(|o| o.port == port && o.host.eq_ignore_ascii_case(h))
    }
}

/// Does `e` admit `host:port` for `api` in `dialect`? `explicit_port` says the
/// URL's text carried a port.
fn admits(
    e: &Entry,
    host: &str,
    port: u16,
    explicit_port: bool,
    api: Api,
    dialect: Dialect,
) -> bool {
    let host_ok = match dialect {
        Dialect::Wx => *e.host == *host,
        Dialect::My => is_same_or_subdomain(host, &e.host),
    };
    if !host_ok {
        return false;
    }
    match e.port {
        Some(p) => p == port,
        None => dialect == Dialect::My || api == Api::Socket || !explicit_port,
    }
}

/// `host` is `parent` or ends with `.parent`.
fn is_same_or_subdomain(host: &str, parent: &str) -> bool {
    if host.len() == parent.len() {
        return host == parent;
    }
    host.len() > parent.len()
        && host.ends_with(parent)
        && host.as_bytes()[host.len() - parent.len() - 1] == b'.'
}

fn is_localhost(host: &str) -> bool {
    host == "localhost" || host.ends_with(".localhost")
}

/// WHATWG strips leading and trailing C0 controls and spaces before parsing.
fn trim_c0(s: &str) -> &str {
    s.trim_matches(|c: char| c <= ' ')
}

/// Scans the authority of the raw text of a URL that the `url` crate parsed
/// with a special scheme, the way the WHATWG parser does: C0/space trimmed at
/// both ends, tab/CR/LF ignored everywhere, scheme up to the first `:`, then
/// any run of `/` and `\`, then the authority up to `/`, `\`, `?` or `#`. The
/// host-port part follows the last `@`; a `:` in it outside `[...]` starts the
/// port.
fn scan_authority(raw: &str) -> RawAuthority {
    let mut chars = trim_c0(raw)
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'));
    for c in chars.by_ref() {
        if c == ':' {
            break;
        }
    }
    let mut out = RawAuthority {
        userinfo: false,
        port: false,
    };
    let mut in_brackets = false;
    for c in chars.skip_while(|c| matches!(c, '/' | '\\')) {
        match c {
            '/' | '\\' | '?' | '#' => break,
            '@' => {
                out.userinfo = true;
                out.port = false;
                in_brackets = false;
            }
            '[' => in_brackets = true,
            ']' => in_brackets = false,
            ':' if !in_brackets => out.port = true,
            _ => {}
        }
    }
    out
}

/// Normalises a domain name like a URL host: `None` for anything that is not
/// a plain domain (IP, forbidden characters, empty labels).
fn normalise_name(name: &str) -> Option<Box<str>> {
    match Host::parse(name).ok()? {
        Host::Domain(d) => {
            let d = d.strip_suffix('.').unwrap_or(&d);
            if d.is_empty() || d.split('.').any(str::is_empty) {
                None
            } else {
                Some(d.into())
            }
        }
        _ => None,
    }
}

/// Parses one domain list entry; `Err` says why it is invalid.
fn parse_entry(raw: &str) -> std::result::Result<Entry, &'static str> {
    let mut s = raw.trim();
    for prefix in ["https://", "wss://", "http://", "ws://"] {
        if let Some(head) = s.get(..prefix.len()) {
            if head.eq_ignore_ascii_case(prefix) {
                s = &s[prefix.len()..];
                break;
            }
        }
    }
    let s = s.strip_suffix('/').unwrap_or(s);
    if s.is_empty() {
        return Err("empty");
    }
    if s.contains(|c: char| {
        matches!(c, '/' | '\\' | '@' | '?' | '#' | '*' | '[' | ']')
            || c.is_whitespace()
            || c.is_control()
    }) {
        return Err("only host or host:port is allowed (no path, userinfo, wildcard or IPv6)");
    }
    let (host, port) = match s.rsplit_once(':') {
        Some((h, p)) => {
            if p.is_empty() || p.len() > 5 || !p.bytes().all(|b| b.is_ascii_digit()) {
                return Err("bad port");
            }
            match p.parse::<u16>() {
                Ok(0) | Err(_) => return Err("bad port"),
                Ok(n) => (h, Some(n)),
            }
        }
        None => (s, None),
    };
    match Host::parse(host) {
        Ok(Host::Domain(_)) => {}
        Ok(_) => return Err("IP addresses are not allowed"),
        Err(_) => return Err("not a valid host name"),
    }
    let host = normalise_name(host).ok_or("not a valid host name")?;
    if is_localhost(&host) {
        return Err("localhost is not allowed");
    }
    Ok(Entry { host, port })
}

/// Maps an IPv4-mapped IPv6 address to its IPv4 form.
fn canonical(addr: IpAddr) -> IpAddr {
    match addr {
        IpAddr::V6(a) => match a.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6(a),
        },
        v4 => v4,
    }
}

/// Is `addr` one the policy refuses to connect to (outside `--resolve`)?
fn is_forbidden_addr(addr: IpAddr) -> bool {
    match addr {
        IpAddr::V4(a) => is_forbidden_v4(a),
        IpAddr::V6(a) => is_forbidden_v6(a),
    }
}

fn is_forbidden_v4(a: Ipv4Addr) -> bool {
    let [o0, o1, _, _] = a.octets();
    o0 == 0 // "this network", incl. unspecified (Linux connects 0.0.0.0 to itself)
        || o0 == 127 // loopback
        || o0 == 10 // private
        || (o0 == 172 && (o1 & 0xf0) == 16) // private 172.16/12
        || (o0 == 192 && o1 == 168) // private
        || (o0 == 169 && o1 == 254) // link-local (cloud metadata)
        || (o0 == 100 && (o1 & 0xc0) == 64) // CGNAT 100.64/10
        || o0 >= 224 // multicast 224/4, reserved 240/4, broadcast
}

fn is_forbidden_v6(a: Ipv6Addr) -> bool {
    let s = a.segments();
    if let Some(v4) = a.to_ipv4_mapped() {
        return is_forbidden_v4(v4);
    }
    // IPv4-compatible ::a.b.c.d (deprecated), incl. :: and ::1.
    if s[..6] == [0; 6] {
        return true;
    }
    // NAT64 well-known prefix 64:ff9b::/96 embedding a forbidden IPv4 address.
    if s[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        let [a1, a2] = s[6].to_be_bytes();
        let [a3, a4] = s[7].to_be_bytes();
        return is_forbidden_v4(Ipv4Addr::new(a1, a2, a3, a4));
    }
    (s[0] & 0xfe00) == 0xfc00 // unique local fc00::/7
        || (s[0] & 0xffc0) == 0xfe80 // link-local fe80::/10
        || (s[0] & 0xffc0) == 0xfec0 // site-local fec0::/10 (deprecated)
        || (s[0] & 0xff00) == 0xff00 // multicast
}

/// The last few URLs [`DomainPolicy::check`] admitted, with their
/// [`Target`]s: a mini program requests the same few URLs over and over, and
/// the check is a pure function of `(api, dialect, text)` for one policy, so
/// a repeat costs a string comparison and a clone instead of a URL parse.
/// Refusals are not kept (they are rare and cheap to repeat).
#[derive(Debug, Default)]
pub struct RecentChecks {
    slots: Mutex<Vec<Checked>>,
    /// The slot the next new entry replaces once all are used.
    next: std::sync::atomic::AtomicUsize,
}

/// A [`RecentChecks`] entry: the key and the verdict.
type Checked = (Api, Dialect, Box<str>, Target);

impl RecentChecks {
    /// Entries kept.
    pub const CAPACITY: usize = 16;

    /// [`DomainPolicy::check`] of `policy` (always the same policy for one
    /// cache), answered from the cache when `raw` was admitted recently.
    pub fn check(
        &self,
        policy: &DomainPolicy,
        api: Api,
        dialect: Dialect,
        raw: &str,
    ) -> Result<Target> {
        {
            let slots = self.slots.lock().unwrap_or_else(|p| p.into_inner());
            let hit = slots
                .iter()
                .find(|(a, d, r, _)| *a == api && *d == dialect && &**r == raw);
            if let Some((_, _, _, t)) = hit {
                return Ok(t.clone());
            }
        }
        let t = policy.check(api, dialect, raw)?;
        let mut slots = self.slots.lock().unwrap_or_else(|p| p.into_inner());
        let entry = (api, dialect, Box::from(raw), t.clone());
        if slots.len() < Self::CAPACITY {
            slots.push(entry);
        } else {
            use std::sync::atomic::Ordering;
            let i = self.next.fetch_add(1, Ordering::Relaxed) % Self::CAPACITY;
            slots[i] = entry;
        }
        Ok(t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(s: &str) -> (bool, bool) {
        let a = scan_authority(s);
        (a.userinfo, a.port)
    }

    #[test]
    fn raw_authority_scanner() {
        assert_eq!(scan("https://good.com/"), (false, false));
        assert_eq!(scan("https://good.com:443/"), (false, true));
        assert_eq!(scan("https://good.com:/"), (false, true));
        assert_eq!(scan("https://good.com/a:b@c"), (false, false));
        assert_eq!(scan("https://good.com?a:b@c"), (false, false));
        assert_eq!(scan("https://good.com#a:b@c"), (false, false));
        assert_eq!(scan("https://good.com\\a:b@c"), (false, false));
        assert_eq!(scan("https://u:p@good.com"), (true, false));
        assert_eq!(scan("https://u:p@good.com:1"), (true, true));
        assert_eq!(scan("https://@good.com"), (true, false));
        assert_eq!(scan("https://[::1]/"), (false, false));
        assert_eq!(scan("https://[::1]:8443/"), (false, true));
        assert_eq!(scan("https:\\\\good.com:1\\x"), (false, true));
        assert_eq!(scan("https:good.com:1"), (false, true));
        assert_eq!(scan(" \u{1}https://good.com:\t443 "), (false, true));
        assert_eq!(scan("https://goo\nd.com"), (false, false));
        assert_eq!(scan(""), (false, false));
        assert_eq!(scan("no-colon"), (false, false));
    }

    #[test]
    fn entries() {
        let e = parse_entry("https://API.Example.com:8443/").unwrap();
        assert_eq!((&*e.host, e.port), ("api.example.com", Some(8443)));
        let e = parse_entry(" bücher.example. ").unwrap();
        assert_eq!((&*e.host, e.port), ("xn--bcher-kva.example", None));
        assert_eq!(
            &*parse_entry("WSS://ws.example.com").unwrap().host,
            "ws.example.com"
        );
        assert_eq!(parse_entry("good.com:443").unwrap().port, Some(443));
        for bad in [
            "",
            " ",
            "https://",
            "1.2.3.4",
            "2130706433",
            "[::1]",
            "localhost",
            "a.localhost",
            "*.good.com",
            "good.com:0",
            "good.com:",
            "good.com:65536",
            "good.com:+1",
            "good.com/x",
            "u@good.com",
            "a b.com",
            "good..com",
            ".good.com",
            "good.com..",
            "good.com:1:2",
            "ftp://good.com",
            "good.com?x",
            "%00.com",
            "例子:1:",
        ] {
            assert!(parse_entry(bad).is_err(), "{bad:?} should be invalid");
        }
    }

    #[test]
    fn validate_config_names_the_bad_entry() {
        let mut cfg = AppConfig::default();
        cfg.domains.request = vec!["good.com".into(), "good.com:8443".into()];
        assert_eq!(DomainPolicy::validate_config(&cfg), Ok(()));
        cfg.domains.download_file = vec!["cdn.good.com".into(), "10.0.0.1".into()];
        let e = DomainPolicy::validate_config(&cfg).unwrap_err();
        assert!(
            e.starts_with("domains.downloadFile: invalid entry \"10.0.0.1\""),
            "{e}"
        );
        // new() ignores it and keeps the rest.
        let p = DomainPolicy::new(&cfg);
        assert_eq!(p.lists[Api::DownloadFile.index()].len(), 1);
        assert_eq!(p.union.len(), 3);
    }

    #[test]
    fn subdomain_label_boundary() {
        assert!(is_same_or_subdomain("example.com", "example.com"));
        assert!(is_same_or_subdomain("a.example.com", "example.com"));
        assert!(!is_same_or_subdomain("evilexample.com", "example.com"));
        assert!(!is_same_or_subdomain("example.com", "a.example.com"));
        assert!(!is_same_or_subdomain("xample.com", "example.com"));
    }

    #[test]
    fn union_has_no_duplicates() {
        let mut cfg = AppConfig::default();
        cfg.domains.request = vec!["a.com".into(), "A.com.".into()];
        cfg.domains.socket = vec!["a.com".into(), "b.com".into()];
        let p = DomainPolicy::new(&cfg);
        assert_eq!(p.union.len(), 2);
    }

    #[test]
    fn recent_checks_answer_like_the_policy() {
        let mut cfg = AppConfig::default();
        cfg.domains.request = vec!["a.example.com".into()];
        let p = DomainPolicy::new(&cfg);
        let cache = RecentChecks::default();
        let (api, wx) = (Api::Request, Dialect::Wx);
        for _ in 0..2 {
            let t = cache
                .check(&p, api, wx, "https://a.example.com/x?y#z")
                .unwrap();
            assert_eq!(t, p.check(api, wx, "https://a.example.com/x?y#z").unwrap());
            // Refusals are never cached, and the API is part of the key.
            assert!(cache.check(&p, api, wx, "https://b.example.com/").is_err());
            assert!(cache
                .check(&p, Api::Socket, wx, "https://a.example.com/x?y#z")
                .is_err());
        }
        // More distinct URLs than slots: every answer is still right.
        for i in 0..(RecentChecks::CAPACITY * 2 + 3) {
            let u = format!("https://a.example.com/{i}");
            assert_eq!(
                cache.check(&p, api, wx, &u).unwrap().url.path(),
                format!("/{i}")
            );
        }
        let t = cache
            .check(&p, api, wx, "https://a.example.com/x?y#z")
            .unwrap();
        assert_eq!(t.url.query(), Some("y"));
    }
}
