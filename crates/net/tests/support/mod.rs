//! Shared helpers of the net integration tests: a devserver, an app config
//! that maps test names to it, and event collection.

#![allow(dead_code)] // Each test binary uses a different subset.

use std::path::PathBuf;
use std::time::Duration;

use bytes::Bytes;
use minihost_devserver::{DevServer, ServeOptions};
use minihost_net::config::ResolveRule;
use minihost_net::{AppConfig, Error, Event, RequestTask, ResponseHead};

/// Events are awaited at most this long each, so a broken task fails the test
/// instead of hanging it.
pub const EVENT_WAIT: Duration = Duration::from_secs(30);

/// A devserver plus a temp dir for the app's data.
pub struct Env {
    pub server: DevServer,
    pub dir: tempfile::TempDir,
}

impl Env {
    pub fn start() -> Env {
        let server = DevServer::start(ServeOptions::default()).expect("devserver starts");
        let dir = tempfile::tempdir().expect("temp dir");
        Env { server, dir }
    }

    pub fn port(&self) -> u16 {
        self.server.port()
    }

    /// `https://api.minihost.test:PORT{path}` (listed for `request`).
    pub fn api(&self, path: &str) -> String {
        format!("https://api.minihost.test:{}{path}", self.port())
    }

    /// `https://other.minihost.test:PORT{path}` (mapped, not listed).
    pub fn other(&self, path: &str) -> String {
        format!("https://other.minihost.test:{}{path}", self.port())
    }

    /// `http://api.minihost.test:HTTP_PORT{path}`.
    pub fn plain(&self, path: &str) -> String {
        format!("http://api.minihost.test:{}{path}", self.server.http_port())
    }

    pub fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// The standard test app: `api.minihost.test:PORT` listed for request,
    /// both test names (HTTPS and plain ports) mapped to 127.0.0.1, the
    /// devserver CA trusted.
    pub fn config(&self) -> AppConfig {
        let mut cfg = AppConfig {
            appid: "wxtestappid".into(),
            version: "1.2.3".into(),
            ..AppConfig::default()
        };
        cfg.domains.request = vec![format!("api.minihost.test:{}", self.port())];
        for host in ["api.minihost.test", "other.minihost.test"] {
            for port in [self.port(), self.server.http_port()] {
                cfg.resolve
                    .push(ResolveRule::parse(&format!("{host}:{port}:127.0.0.1")).unwrap());
            }
        }
        cfg.ca_certs = vec![self.server.ca_pem_path()];
        cfg.data_dir = self.data_dir();
        cfg
    }
}

/// Everything a task reported.
#[derive(Debug, Default)]
pub struct Collected {
    pub head: Option<ResponseHead>,
    pub chunks: Vec<Bytes>,
    /// Events after `Headers` other than chunks, or a second `Headers`.
    pub out_of_order: Vec<String>,
    pub done: Option<Bytes>,
    pub failed: Option<Error>,
}

impl Collected {
    pub fn chunk_bytes(&self) -> Vec<u8> {
        self.chunks.iter().flat_map(|c| c.iter().copied()).collect()
    }

    /// The body of a successful response (panics with the error otherwise).
    pub fn body(&self) -> &Bytes {
        match (&self.done, &self.failed) {
            (Some(b), None) => b,
            _ => panic!("request did not succeed: {:?}", self.failed),
        }
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(self.body()).expect("JSON body")
    }

    pub fn error(&self) -> &Error {
        match (&self.done, &self.failed) {
            (None, Some(e)) => e,
            _ => panic!("request did not fail: head {:?}", self.head),
        }
    }

    pub fn status(&self) -> u16 {
        self.head.as_ref().expect("headers").status
    }
}

/// The next event, bounded in time.
pub async fn next(task: &mut RequestTask) -> Option<Event> {
    tokio::time::timeout(EVENT_WAIT, task.next())
        .await
        .expect("event within the wait limit")
}

/// Reads every event to the end and checks the event order contract:
/// at most one `Headers` first, chunks only after it, exactly one terminal
/// event, and nothing after it.
pub async fn collect(mut task: RequestTask) -> Collected {
    let mut c = Collected::default();
    loop {
        match next(&mut task).await {
            Some(Event::Headers(h)) => {
                if c.head.is_some() || !c.chunks.is_empty() {
                    c.out_of_order.push("headers".into());
                }
                c.head = Some(h);
            }
            Some(Event::Chunk(b)) => {
                if c.head.is_none() {
                    c.out_of_order.push("chunk before headers".into());
                }
                assert!(!b.is_empty(), "empty chunk event");
                c.chunks.push(b);
            }
            Some(Event::Done { body }) => {
                c.done = Some(body);
                break;
            }
            Some(Event::Failed(e)) => {
                c.failed = Some(e);
                break;
            }
            None => panic!("event stream ended without a terminal event"),
        }
    }
    assert!(
        next(&mut task).await.is_none(),
        "event after the terminal event"
    );
    assert!(c.out_of_order.is_empty(), "{:?}", c.out_of_order);
    c
}
