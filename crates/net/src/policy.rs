//! The domain policy of SPEC §7: a value built from the app config that says,
//! before any I/O, whether a URL may be fetched by an API in a dialect.
//!
//! PLACEHOLDER: to be replaced by the full implementation and its URL table.

use url::Url;

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

/// A URL the policy admitted: the parsed URL the connection must use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The parsed (WHATWG) URL; its host is normalised.
    pub url: Url,
    /// Normalised host (lower-case, punycode, no trailing dot).
    pub host: String,
    /// Effective port.
    pub port: u16,
}

/// The per-app domain policy.
#[derive(Debug, Clone)]
pub struct DomainPolicy {
    url_check: bool,
}

impl DomainPolicy {
    /// Builds the policy from the config.
    pub fn new(cfg: &AppConfig) -> Self {
        DomainPolicy {
            url_check: cfg.url_check,
        }
    }

    /// Checks `raw` for `api` called from `dialect`.
    pub fn check(&self, _api: Api, _dialect: Dialect, raw: &str) -> Result<Target> {
        let _ = self.url_check;
        let url = Url::parse(raw).map_err(|_| Error::new(ErrorKind::InvalidUrl, raw))?;
        let host = url.host_str().unwrap_or_default().to_string();
        let port = url.port_or_known_default().unwrap_or(443);
        Ok(Target { url, host, port })
    }
}
