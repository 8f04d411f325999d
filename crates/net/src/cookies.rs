//! The per-app cookie jar of the `my` dialect (SPEC §2): `Set-Cookie` of every
//! response (and redirect hop) is stored, matching cookies are sent on later
//! requests unless the script set `Cookie` itself, and the jar is persisted
//! as JSON in the app's data dir. `wx` has no jar.
//!
//! A small RFC 6265 store: host-only and domain cookies, path matching,
//! `Secure` (sent over https only), `Expires` / `Max-Age`. Differences from a
//! browser, on purpose:
//! - no public-suffix list: a `Domain` attribute must domain-match the request
//!   host and contain a dot (so `Domain=com` is refused, `Domain=co.uk` is not);
//! - session cookies (no expiry) are persisted too: the host's "session" is the
//!   app's data dir, as on a phone where the app process keeps its jar;
//! - `HttpOnly` / `SameSite` are kept but have no effect (there is no document).
//!
//! Limits: name + value at most 4096 bytes, at most 50 cookies per domain and
//! 3000 in all (the least recently created go first).

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use url::Url;

const MAX_COOKIE_BYTES: usize = 4096;
const MAX_PER_DOMAIN: usize = 50;
const MAX_TOTAL: usize = 3000;

/// One stored cookie.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredCookie {
    /// Cookie name.
    pub name: String,
    /// Cookie value.
    pub value: String,
    /// Lower-case domain, without a leading dot.
    pub domain: String,
    /// Sent only to exactly `domain` (no `Domain` attribute was given).
    pub host_only: bool,
    /// Path prefix.
    pub path: String,
    /// Sent over https only.
    pub secure: bool,
    /// `HttpOnly` was given (kept, no effect).
    #[serde(default)]
    pub http_only: bool,
    /// Expiry as Unix seconds; `None` for a session cookie.
    pub expires: Option<i64>,
    /// Creation order (for the `Cookie` header order and eviction).
    pub created: u64,
}

/// The cookie jar: a list of [`StoredCookie`] with RFC 6265 matching.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CookieJar {
    cookies: Vec<StoredCookie>,
    next_seq: u64,
}

fn now_secs() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// RFC 6265 §5.1.3 domain-match of a request host against a cookie domain.
fn domain_match(host: &str, domain: &str) -> bool {
    if host == domain {
        return true;
    }
    host.len() > domain.len()
        && host.ends_with(domain)
        && host.as_bytes()[host.len() - domain.len() - 1] == b'.'
        && host.parse::<std::net::IpAddr>().is_err()
}

/// RFC 6265 §5.1.4 path-match.
fn path_match(req_path: &str, cookie_path: &str) -> bool {
    if req_path == cookie_path {
        return true;
    }
    req_path.starts_with(cookie_path)
        && (cookie_path.ends_with('/') || req_path.as_bytes().get(cookie_path.len()) == Some(&b'/'))
}

/// RFC 6265 §5.1.4 default-path of a request path.
fn default_path(req_path: &str) -> String {
    if !req_path.starts_with('/') {
        return "/".into();
    }
    match req_path.rfind('/') {
        Some(0) | None => "/".into(),
        Some(i) => req_path[..i].to_string(),
    }
}

fn host_of(url: &Url) -> Option<String> {
    let h = url.host_str()?;
    let h = h.strip_suffix('.').unwrap_or(h);
    Some(
        h.trim_start_matches('[')
            .trim_end_matches(']')
            .to_ascii_lowercase(),
    )
}

impl CookieJar {
    /// An empty jar.
    pub fn new() -> Self {
        CookieJar::default()
    }

    /// Loads a jar persisted by [`CookieJar::save`]; a missing or unreadable
    /// file gives an empty jar. Expired cookies are dropped.
    pub fn load(path: &Path) -> Self {
        let mut jar: CookieJar = std::fs::read(path)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default();
        jar.remove_expired(now_secs());
        jar
    }

    /// Writes the jar to `path` atomically (temp file + rename), creating the
    /// folder if needed.
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let text = serde_json::to_vec(self).map_err(std::io::Error::other)?;
        let tmp: PathBuf = path.with_extension("json.tmp");
        std::fs::write(&tmp, text)?;
        std::fs::rename(&tmp, path)
    }

    /// The stored cookies.
    pub fn cookies(&self) -> &[StoredCookie] {
        &self.cookies
    }

    /// Number of stored cookies.
    pub fn len(&self) -> usize {
        self.cookies.len()
    }

    /// True when the jar holds nothing.
    pub fn is_empty(&self) -> bool {
        self.cookies.is_empty()
    }

    fn remove_expired(&mut self, now: i64) -> bool {
        let before = self.cookies.len();
        self.cookies.retain(|c| c.expires.is_none_or(|e| e > now));
        before != self.cookies.len()
    }

    /// Stores every `Set-Cookie` value of a response to `url`. Returns true
    /// when the jar changed.
    pub fn store<'a, I>(&mut self, url: &Url, set_cookies: I) -> bool
    where
        I: IntoIterator<Item = &'a str>,
    {
        let now = now_secs();
        let mut changed = false;
        for sc in set_cookies {
            if let Some(c) = self.parse(url, sc, now) {
                changed |= self.insert(c, now);
            }
        }
        changed
    }

    fn parse(&mut self, url: &Url, set_cookie: &str, now: i64) -> Option<StoredCookie> {
        let host = host_of(url)?;
        let mut parts = set_cookie.split(';');
        let pair = parts.next()?;
        let (name, value) = pair.split_once('=')?;
        let (name, value) = (name.trim(), value.trim());
        if name.is_empty() || name.len() + value.len() > MAX_COOKIE_BYTES {
            return None;
        }
        let mut domain_attr: Option<String> = None;
        let mut path_attr: Option<String> = None;
        let mut secure = false;
        let mut http_only = false;
        let mut max_age: Option<i64> = None;
        let mut expires: Option<i64> = None;
        for attr in parts {
            let (k, v) = match attr.split_once('=') {
                Some((k, v)) => (k.trim(), v.trim()),
                None => (attr.trim(), ""),
            };
            if k.eq_ignore_ascii_case("domain") {
                let d = v.strip_prefix('.').unwrap_or(v).to_ascii_lowercase();
                if !d.is_empty() {
                    domain_attr = Some(d);
                }
            } else if k.eq_ignore_ascii_case("path") {
                path_attr = v.starts_with('/').then(|| v.to_string());
            } else if k.eq_ignore_ascii_case("secure") {
                secure = true;
            } else if k.eq_ignore_ascii_case("httponly") {
                http_only = true;
            } else if k.eq_ignore_ascii_case("max-age") {
                let valid = v.strip_prefix('-').unwrap_or(v);
                if !valid.is_empty() && valid.bytes().all(|b| b.is_ascii_digit()) {
                    let secs: i64 = v.parse().unwrap_or(if v.starts_with('-') {
                        i64::MIN / 2
                    } else {
                        i64::MAX / 2
                    });
                    max_age = Some(if secs <= 0 {
                        i64::MIN
                    } else {
                        now.saturating_add(secs)
                    });
                }
            } else if k.eq_ignore_ascii_case("expires") {
                if let Some(t) = parse_cookie_date(v) {
                    expires = Some(t);
                }
            }
        }
        let (domain, host_only) = match domain_attr {
            Some(d) if d == host => (d, false),
            Some(d) => {
                if !domain_match(&host, &d) || !d.contains('.') {
                    return None;
                }
                (d, false)
            }
            None => (host, true),
        };
        let path = path_attr.unwrap_or_else(|| default_path(url.path()));
        let created = self.next_seq;
        self.next_seq += 1;
        Some(StoredCookie {
            name: name.to_string(),
            value: value.to_string(),
            domain,
            host_only,
            path,
            secure,
            http_only,
            expires: max_age.or(expires),
            created,
        })
    }

    fn insert(&mut self, mut c: StoredCookie, now: i64) -> bool {
        let existing = self
            .cookies
            .iter()
            .position(|o| o.name == c.name && o.domain == c.domain && o.path == c.path);
        let expired = c.expires.is_some_and(|e| e <= now);
        match existing {
            Some(i) if expired => {
                self.cookies.remove(i);
                true
            }
            Some(i) => {
                c.created = self.cookies[i].created;
                let changed = self.cookies[i] != c;
                self.cookies[i] = c;
                changed
            }
            None if expired => false,
            None => {
                let domain = c.domain.clone();
                self.cookies.push(c);
                self.evict(&domain, now);
                true
            }
        }
    }

    fn evict(&mut self, domain: &str, now: i64) {
        self.remove_expired(now);
        let per_domain = self.cookies.iter().filter(|c| c.domain == domain).count();
        if per_domain > MAX_PER_DOMAIN {
            if let Some(oldest) = self
                .cookies
                .iter()
                .enumerate()
                .filter(|(_, c)| c.domain == domain)
                .min_by_key(|(_, c)| c.created)
                .map(|(i, _)| i)
            {
                self.cookies.remove(oldest);
            }
        }
        while self.cookies.len() > MAX_TOTAL {
            if let Some(oldest) = self
                .cookies
                .iter()
                .enumerate()
                .min_by_key(|(_, c)| c.created)
                .map(|(i, _)| i)
            {
                self.cookies.remove(oldest);
            }
        }
    }

    /// The `Cookie` header value for a request to `url`, or `None` when no
    /// cookie matches. Longer paths first, then older cookies first.
    pub fn header_for(&self, url: &Url) -> Option<String> {
        let host = host_of(url)?;
        let path = url.path();
        let https = matches!(url.scheme(), "https" | "wss");
        let now = now_secs();
        let mut matching: Vec<&StoredCookie> = self
            .cookies
            .iter()
            .filter(|c| {
                c.expires.is_none_or(|e| e > now)
                    && (!c.secure || https)
                    && if c.host_only {
                        host == c.domain
                    } else {
                        domain_match(&host, &c.domain)
                    }
                    && path_match(path, &c.path)
            })
            .collect();
        if matching.is_empty() {
            return None;
        }
        matching.sort_by(|a, b| {
            b.path
                .len()
                .cmp(&a.path.len())
                .then(a.created.cmp(&b.created))
        });
        let mut out = String::new();
        for c in matching {
            if !out.is_empty() {
                out.push_str("; ");
            }
            out.push_str(&c.name);
            out.push('=');
            out.push_str(&c.value);
        }
        Some(out)
    }
}

/// Parses a cookie date (RFC 6265 §5.1.1, lenient about the format) into
/// Unix seconds.
pub fn parse_cookie_date(s: &str) -> Option<i64> {
    let is_delim = |c: char| matches!(c, '\t' | ' '..='/' | ';'..='@' | '['..='`' | '{'..='~');
    let mut time: Option<(u32, u32, u32)> = None;
    let mut day: Option<u32> = None;
    let mut month: Option<u32> = None;
    let mut year: Option<i64> = None;
    for tok in s.split(is_delim).filter(|t| !t.is_empty()) {
        if time.is_none() {
            if let Some(t) = parse_time(tok) {
                time = Some(t);
                continue;
            }
        }
        let digits = tok.bytes().take_while(|b| b.is_ascii_digit()).count();
        if day.is_none() && (1..=2).contains(&digits) {
            day = tok[..digits].parse().ok();
            if day.is_some() {
                continue;
            }
        }
        if month.is_none() && tok.len() >= 3 {
            const MONTHS: [&str; 12] = [
                "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
            ];
            let m = tok.get(..3).map(|p| p.to_ascii_lowercase());
            if let Some(i) = MONTHS.iter().position(|x| Some(*x) == m.as_deref()) {
                month = Some(i as u32 + 1);
                continue;
            }
        }
        if year.is_none() && (2..=4).contains(&digits) {
            year = tok[..digits].parse().ok();
        }
    }
    let (h, mi, sec) = time?;
    let (d, m) = (day?, month?);
    let mut y = year?;
    if (70..=99).contains(&y) {
        y += 1900;
    } else if (0..=69).contains(&y) {
        y += 2000;
    }
    if !(1..=31).contains(&d) || y < 1601 || h > 23 || mi > 59 || sec > 59 {
        return None;
    }
    Some(days_from_civil(y, m, d) * 86_400 + i64::from(h * 3600 + mi * 60 + sec))
}

fn parse_time(tok: &str) -> Option<(u32, u32, u32)> {
    let mut it = tok.splitn(3, ':');
    let (a, b, c) = (it.next()?, it.next()?, it.next()?);
    let num = |s: &str, allow_tail: bool| -> Option<u32> {
        let n = s.bytes().take_while(|b| b.is_ascii_digit()).count();
        if !(1..=2).contains(&n) || (!allow_tail && n != s.len()) {
            return None;
        }
        s[..n].parse().ok()
    };
    Some((num(a, false)?, num(b, false)?, num(c, true)?))
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn dates() {
        assert_eq!(
            parse_cookie_date("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(1_445_412_480)
        );
        assert_eq!(
            parse_cookie_date("Wed, 21-Oct-2015 07:28:00 GMT"),
            Some(1_445_412_480)
        );
        assert_eq!(
            parse_cookie_date("Wednesday, 21-Oct-15 07:28:00 GMT"),
            Some(1_445_412_480)
        );
        assert_eq!(parse_cookie_date("Thu Jan  1 00:00:00 1970"), Some(0));
        assert_eq!(
            parse_cookie_date("Sat, 29 Feb 2020 12:00:00 GMT"),
            Some(1_582_977_600)
        );
        assert_eq!(parse_cookie_date("nonsense"), None);
        assert_eq!(parse_cookie_date("Wed, 21 Oct 2015 25:28:00 GMT"), None);
    }

    #[test]
    fn host_only_and_paths() {
        let mut jar = CookieJar::new();
        let url = u("https://api.minihost.test/a/b");
        assert!(jar.store(&url, ["k=v", "p=1; Path=/a", "q=2; Path=/other"]));
        assert_eq!(
            jar.header_for(&u("https://api.minihost.test/a/x"))
                .as_deref(),
            Some("k=v; p=1")
        );
        // k's default path is /a (the request path up to its last `/`).
        assert_eq!(jar.header_for(&u("https://api.minihost.test/")), None);
        assert!(jar.store(&u("https://api.minihost.test/a/b/c"), ["deep=1"]));
        assert_eq!(
            jar.header_for(&u("https://api.minihost.test/a/b/x"))
                .as_deref(),
            Some("deep=1; k=v; p=1")
        );
        assert_eq!(
            jar.header_for(&u("https://api.minihost.test/other"))
                .as_deref(),
            Some("q=2")
        );
        assert_eq!(
            jar.header_for(&u("https://sub.api.minihost.test/a/x")),
            None
        );
        // Same store again: no change.
        assert!(!jar.store(&url, ["k=v"]));
        assert!(jar.store(&url, ["k=w"]));
        assert_eq!(
            jar.header_for(&u("https://api.minihost.test/a/x"))
                .as_deref(),
            Some("k=w; p=1")
        );
    }

    #[test]
    fn domain_cookies_and_refusals() {
        let mut jar = CookieJar::new();
        let url = u("https://api.minihost.test/");
        jar.store(
            &url,
            [
                "d=1; Domain=.minihost.test; Path=/",
                "e=1; Domain=test",
                "f=1; Domain=evil.test",
            ],
        );
        assert_eq!(jar.len(), 1);
        assert_eq!(
            jar.header_for(&u("https://other.minihost.test/"))
                .as_deref(),
            Some("d=1")
        );
        assert_eq!(
            jar.header_for(&u("https://minihost.test/")).as_deref(),
            Some("d=1")
        );
        assert_eq!(jar.header_for(&u("https://notminihost.test/")), None);
    }

    #[test]
    fn secure_expiry_and_deletion() {
        let mut jar = CookieJar::new();
        let url = u("https://h.test/");
        jar.store(
            &url,
            [
                "s=1; Secure",
                "old=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
                "m=1; Max-Age=100",
            ],
        );
        assert_eq!(jar.len(), 2);
        assert_eq!(jar.header_for(&u("http://h.test/")).as_deref(), Some("m=1"));
        assert_eq!(
            jar.header_for(&u("https://h.test/")).as_deref(),
            Some("s=1; m=1")
        );
        jar.store(&url, ["m=; Max-Age=0"]);
        assert_eq!(
            jar.header_for(&u("https://h.test/")).as_deref(),
            Some("s=1")
        );
        // Malformed: no '=' or empty name.
        assert!(!jar.store(&url, ["novalue", "=x"]));
    }

    #[test]
    fn persists() {
        let dir = std::env::temp_dir().join(format!("mh-jar-{}", std::process::id()));
        let path = dir.join("cookies.json");
        let mut jar = CookieJar::new();
        jar.store(&u("https://h.test/x"), ["a=1", "b=2; Max-Age=1000"]);
        jar.save(&path).unwrap();
        let back = CookieJar::load(&path);
        assert_eq!(back, jar);
        assert_eq!(CookieJar::load(&dir.join("missing.json")).len(), 0);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn per_domain_cap() {
        let mut jar = CookieJar::new();
        let url = u("https://h.test/");
        for i in 0..60 {
            jar.store(&url, [format!("c{i}=v").as_str()]);
        }
        assert_eq!(jar.len(), MAX_PER_DOMAIN);
        assert!(!jar.header_for(&url).unwrap().contains("c0=v"));
    }
}
