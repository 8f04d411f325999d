//! # minihost-net
//!
//! The network core of minihost, usable from Rust without any JS engine:
//! requests with streaming events, uploads, downloads and WebSockets, with the
//! mini-program platforms' domain policy, limits and error tables.
//!
//! ```no_run
//! # async fn demo() -> Result<(), minihost_net::Error> {
//! use minihost_net::{AppConfig, Client, Event, RequestOptions};
//! let client = Client::new(AppConfig::default())?;
//! let mut task = client.request(RequestOptions::get("https://api.example.com/x"));
//! while let Some(ev) = task.next().await {
//!     match ev {
//!         Event::Headers(head) => println!("status {}", head.status),
//!         Event::Chunk(bytes) => println!("{} bytes", bytes.len()),
//!         Event::Done { body } => println!("done, {} bytes buffered", body.len()),
//!         Event::Failed(e) => println!("failed: {e}"),
//!     }
//! }
//! # Ok(()) }
//! ```

pub mod client;
pub mod config;
pub mod cookies;
pub mod encoding;
pub mod error;
pub mod headers;
pub mod policy;
pub mod request;
pub mod sandbox;
pub mod socket;
pub mod transfer;
pub mod wire;

pub use client::Client;
pub use config::{AppConfig, Dialect, Limits};
pub use error::{ApiName, Error, ErrorKind, MyError, Result, WxError};
pub use policy::{Api, DomainPolicy, Target};
pub use request::{Data, Event, Redirect, RequestOptions, RequestTask, ResponseHead};

/// Installs the ring crypto provider for rustls once per process. Every entry
/// point that builds a TLS client or server calls this first.
pub fn install_crypto_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}
