//! The app configuration of SPEC §11 (`minihost.json`), as a typed value.
//!
//! Unknown keys are an error that names the key. Paths (`caCerts`) are
//! relative to the config file. Command-line flags are applied on top by the
//! CLI through the public fields.

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

/// The API dialect: WeChat-compatible `wx` or Alipay/mPaaS `my`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Dialect {
    /// `wx.*`
    #[default]
    Wx,
    /// `my.*`
    My,
}

impl Dialect {
    /// `"wx"` or `"my"`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Dialect::Wx => "wx",
            Dialect::My => "my",
        }
    }
}

/// Per-API server domain lists (the WeChat console model).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Domains {
    /// `request` list.
    #[serde(default)]
    pub request: Vec<String>,
    /// `uploadFile` list.
    #[serde(default)]
    pub upload_file: Vec<String>,
    /// `downloadFile` list.
    #[serde(default)]
    pub download_file: Vec<String>,
    /// `socket` list.
    #[serde(default)]
    pub socket: Vec<String>,
}

/// `networkTimeout` in milliseconds; `None` means the dialect's default.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct NetworkTimeout {
    /// `request`
    pub request: Option<u64>,
    /// `connectSocket`
    pub connect_socket: Option<u64>,
    /// `uploadFile`
    pub upload_file: Option<u64>,
    /// `downloadFile`
    pub download_file: Option<u64>,
}

/// Host limits (SPEC §9, §2, §4, §5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase", default)]
pub struct Limits {
    /// Concurrent request + uploadFile + downloadFile slots.
    pub max_concurrent_requests: usize,
    /// Tasks that may wait for a slot before `exceed max task count`.
    pub max_queued_requests: usize,
    /// Open sockets (connecting, open or closing) per app.
    pub max_sockets: usize,
    /// Largest download, decoded bytes.
    pub max_download_bytes: u64,
    /// Largest buffered response body.
    pub max_buffered_body: u64,
    /// Largest incoming WebSocket message.
    pub max_socket_message: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_concurrent_requests: 10,
            max_queued_requests: 1000,
            max_sockets: 5,
            max_download_bytes: 200 * 1024 * 1024,
            max_buffered_body: 64 * 1024 * 1024,
            max_socket_message: 16 * 1024 * 1024,
        }
    }
}

/// One `--resolve HOST:PORT:ADDR` rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolveRule {
    /// Lower-case host name.
    pub host: String,
    /// Port the rule applies to.
    pub port: u16,
    /// Address to connect to.
    pub addr: IpAddr,
}

impl ResolveRule {
    /// Parses `host:port:addr` (IPv6 addresses may be bracketed).
    pub fn parse(s: &str) -> Result<Self, String> {
        let mut parts = s.splitn(3, ':');
        let (host, port, addr) = match (parts.next(), parts.next(), parts.next()) {
            (Some(h), Some(p), Some(a)) if !h.is_empty() => (h, p, a),
            _ => {
                return Err(format!(
                    "invalid resolve rule {s:?}: expected HOST:PORT:ADDR"
                ))
            }
        };
        let port: u16 = port
            .parse()
            .map_err(|_| format!("invalid resolve rule {s:?}: bad port {port:?}"))?;
        let addr: IpAddr = addr
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse()
            .map_err(|_| format!("invalid resolve rule {s:?}: bad address {addr:?}"))?;
        Ok(ResolveRule {
            host: host.to_ascii_lowercase(),
            port,
            addr,
        })
    }

    /// The socket address the rule maps to.
    pub fn socket_addr(&self) -> SocketAddr {
        SocketAddr::new(self.addr, self.port)
    }
}

/// The raw JSON form of the config file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RawConfig {
    appid: Option<String>,
    version: Option<String>,
    platform: Option<Dialect>,
    url_check: Option<bool>,
    domains: Option<Domains>,
    network_timeout: Option<NetworkTimeout>,
    resolve: Option<Vec<String>>,
    ca_certs: Option<Vec<PathBuf>>,
    limits: Option<Limits>,
}

/// The configuration of one app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppConfig {
    /// App id, used in the Referer and for the data dir.
    pub appid: String,
    /// App version, used in the Referer (`devtools` in dev mode).
    pub version: String,
    /// The default dialect.
    pub platform: Dialect,
    /// `false` is dev mode: no domain policy, http/ws allowed.
    pub url_check: bool,
    /// Per-API domain lists.
    pub domains: Domains,
    /// Timeouts.
    pub network_timeout: NetworkTimeout,
    /// `--resolve` rules.
    pub resolve: Vec<ResolveRule>,
    /// Extra CA certificates (PEM files) to trust, absolute.
    pub ca_certs: Vec<PathBuf>,
    /// Limits.
    pub limits: Limits,
    /// Root of the app's persistent data (cookie jar, user data dir, temp dirs).
    pub data_dir: PathBuf,
}

impl Default for AppConfig {
    fn default() -> Self {
        AppConfig {
            appid: "touristappid".into(),
            version: "1.0.0".into(),
            platform: Dialect::Wx,
            url_check: true,
            domains: Domains::default(),
            network_timeout: NetworkTimeout::default(),
            resolve: Vec::new(),
            ca_certs: Vec::new(),
            limits: Limits::default(),
            data_dir: default_data_root().join("touristappid"),
        }
    }
}

/// `$MINIHOST_DATA_DIR`, else `$XDG_DATA_HOME/minihost`, else
/// `~/.local/share/minihost`, else a folder in the temp dir.
pub fn default_data_root() -> PathBuf {
    if let Some(d) = std::env::var_os("MINIHOST_DATA_DIR") {
        return PathBuf::from(d);
    }
    if let Some(d) = std::env::var_os("XDG_DATA_HOME") {
        return PathBuf::from(d).join("minihost");
    }
    if let Some(h) = std::env::var_os("HOME") {
        return PathBuf::from(h).join(".local/share/minihost");
    }
    std::env::temp_dir().join("minihost-data")
}

impl AppConfig {
    /// Parses a config file's text; `base` is the folder relative paths are
    /// resolved against. Unknown keys are an error naming the key.
    pub fn from_json(text: &str, base: &Path) -> Result<Self, String> {
        let raw: RawConfig = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let mut cfg = AppConfig::default();
        if let Some(a) = raw.appid {
            cfg.appid = a;
        }
        cfg.data_dir = default_data_root().join(sanitize(&cfg.appid));
        if let Some(v) = raw.version {
            cfg.version = v;
        }
        if let Some(p) = raw.platform {
            cfg.platform = p;
        }
        if let Some(u) = raw.url_check {
            cfg.url_check = u;
        }
        if let Some(d) = raw.domains {
            cfg.domains = d;
        }
        if let Some(t) = raw.network_timeout {
            cfg.network_timeout = t;
        }
        for r in raw.resolve.unwrap_or_default() {
            cfg.resolve.push(ResolveRule::parse(&r)?);
        }
        cfg.ca_certs = raw
            .ca_certs
            .unwrap_or_default()
            .into_iter()
            .map(|p| if p.is_absolute() { p } else { base.join(p) })
            .collect();
        if let Some(l) = raw.limits {
            cfg.limits = l;
        }
        Ok(cfg)
    }

    /// Reads and parses a config file.
    pub fn load(path: &Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read config {}: {e}", path.display()))?;
        let base = path.parent().unwrap_or(Path::new("."));
        Self::from_json(&text, base).map_err(|e| format!("config {}: {e}", path.display()))
    }

    /// Sets the app id and moves the data dir with it.
    pub fn set_appid(&mut self, appid: &str) {
        self.appid = appid.to_string();
        self.data_dir = default_data_root().join(sanitize(appid));
    }

    /// The version string for the Referer: `devtools` in dev mode.
    pub fn referer_version(&self) -> &str {
        if self.url_check {
            &self.version
        } else {
            "devtools"
        }
    }

    /// The fixed Referer of SPEC §2 for `dialect`.
    pub fn referer(&self, dialect: Dialect) -> String {
        let (a, v) = (&self.appid, self.referer_version());
        match dialect {
            Dialect::Wx => format!("https://servicewechat.com/{a}/{v}/page-frame.html"),
            Dialect::My => format!("https://{a}.hybrid.alipay-eco.com/{a}/{v}/page-frame.html"),
        }
    }

    /// The default timeout of `api` for `dialect`, after `networkTimeout`.
    pub fn default_timeout(&self, api: crate::policy::Api, dialect: Dialect) -> Duration {
        use crate::policy::Api;
        let t = &self.network_timeout;
        let ms = match api {
            Api::Request => t.request.unwrap_or(match dialect {
                Dialect::Wx => 60_000,
                Dialect::My => 30_000,
            }),
            Api::UploadFile => t.upload_file.unwrap_or(60_000),
            Api::DownloadFile => t.download_file.unwrap_or(60_000),
            Api::Socket => t.connect_socket.unwrap_or(60_000),
        };
        Duration::from_millis(ms)
    }
}

fn sanitize(appid: &str) -> String {
    appid
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_is_named() {
        let e = AppConfig::from_json(r#"{"appid":"a","domainz":{}}"#, Path::new(".")).unwrap_err();
        assert!(e.contains("domainz"), "{e}");
        let e = AppConfig::from_json(r#"{"limits":{"maxSocket":1}}"#, Path::new(".")).unwrap_err();
        assert!(e.contains("maxSocket"), "{e}");
    }

    #[test]
    fn full_example_parses() {
        let c = AppConfig::from_json(
            r#"{"appid":"wx0123456789abcdef","version":"1.0.0","platform":"my","urlCheck":true,
            "domains":{"request":["api.example.com","api.example.com:8443"],"uploadFile":["u.example.com"],
            "downloadFile":["cdn.example.com"],"socket":["ws.example.com"]},
            "networkTimeout":{"request":1000,"connectSocket":2000,"uploadFile":3000,"downloadFile":4000},
            "resolve":["api.example.com:8443:127.0.0.1"],"caCerts":["certs/dev-ca.pem"],
            "limits":{"maxConcurrentRequests":3,"maxSockets":2,"maxDownloadBytes":10,"maxBufferedBody":20}}"#,
            Path::new("/base"),
        )
        .unwrap();
        assert_eq!(c.platform, Dialect::My);
        assert_eq!(c.domains.request.len(), 2);
        assert_eq!(c.resolve[0].port, 8443);
        assert_eq!(c.ca_certs[0], PathBuf::from("/base/certs/dev-ca.pem"));
        assert_eq!(c.limits.max_concurrent_requests, 3);
        assert_eq!(c.limits.max_queued_requests, 1000);
        assert_eq!(
            c.default_timeout(crate::policy::Api::Request, Dialect::Wx),
            Duration::from_millis(1000)
        );
        assert_eq!(
            c.referer(Dialect::My),
            "https://wx0123456789abcdef.hybrid.alipay-eco.com/wx0123456789abcdef/1.0.0/page-frame.html"
        );
    }

    #[test]
    fn defaults_per_dialect() {
        let c = AppConfig::default();
        assert_eq!(
            c.default_timeout(crate::policy::Api::Request, Dialect::Wx)
                .as_millis(),
            60_000
        );
        assert_eq!(
            c.default_timeout(crate::policy::Api::Request, Dialect::My)
                .as_millis(),
            30_000
        );
        let mut dev = c.clone();
        dev.url_check = false;
        assert!(dev
            .referer(Dialect::Wx)
            .ends_with("/devtools/page-frame.html"));
    }

    #[test]
    fn resolve_rules() {
        assert_eq!(
            ResolveRule::parse("A.test:443:127.0.0.1").unwrap().host,
            "a.test"
        );
        assert!(ResolveRule::parse("a.test:443:[::1]").is_ok());
        assert!(ResolveRule::parse("a.test:x:127.0.0.1").is_err());
        assert!(ResolveRule::parse("a.test:443").is_err());
    }
}
