//! The per-app client: HTTP connection pool, resolver, policy, slots.
//!
//! PLACEHOLDER: to be replaced by the full implementation.

use std::sync::Arc;

use crate::config::AppConfig;
use crate::error::Result;
use crate::policy::DomainPolicy;
use crate::request::{RequestOptions, RequestTask};

/// The network client of one app. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Client {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    config: AppConfig,
    policy: DomainPolicy,
}

impl Client {
    /// Builds the client of the app `config` describes.
    pub fn new(config: AppConfig) -> Result<Self> {
        crate::install_crypto_provider();
        let policy = DomainPolicy::new(&config);
        Ok(Client {
            inner: Arc::new(Inner { config, policy }),
        })
    }

    /// The app's configuration.
    pub fn config(&self) -> &AppConfig {
        &self.inner.config
    }

    /// The app's domain policy.
    pub fn policy(&self) -> &DomainPolicy {
        &self.inner.policy
    }

    /// Starts a request on the current tokio runtime.
    pub fn request(&self, _opts: RequestOptions) -> RequestTask {
        unimplemented!("request")
    }
}
