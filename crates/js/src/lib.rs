//! # minihost-js
//!
//! The JavaScript side of minihost: a QuickJS engine (rquickjs) on one
//! thread, with the mini-program globals `wx`, `my`, `console`, timers and
//! `App`/`Page`, and the network APIs of [`minihost_net`] bound to them.
//!
//! ```no_run
//! use minihost_js::{Host, HostOptions};
//! let host = Host::new(HostOptions::default());
//! let outcome = host.run(std::path::Path::new("script.js"));
//! std::process::exit(outcome.exit_code);
//! ```
//!
//! ## How it is built
//!
//! - One thread: a tokio `current_thread` runtime drives both the network
//!   tasks of `minihost-net` and the rquickjs `AsyncRuntime`. Native code
//!   that waits for events (a request, a timer) is a future spawned with
//!   `ctx.spawn`; it holds the JS callback and calls it when an event arrives.
//! - A hidden global `__mh` holds the native functions. The platform
//!   behaviour (callback contract, task objects, option shapes, result
//!   objects) lives in small JS glue files (`js/*.js`, compiled in with
//!   `include_str!`), one per API family.
//! - The host ends when nothing is pending (no spawned future, no job), at
//!   its time limit, or never drains (then the time limit ends it).
//!
//! ## Adding an API family
//!
//! Write `src/<family>.rs` with
//! `pub(crate) fn install<'js>(ctx: &Ctx<'js>, mh: &Object<'js>, state: &Rc<State>) -> rquickjs::Result<()>`
//! that sets native functions on `mh`, and `js/<family>.js`, a function
//! expression `(function (mh, core, wx, my) { ... })` that defines the
//! `wx.*` / `my.*` methods with the helpers of `core` (see `js/core.js`).
//! Wire both in `host.rs` (`GLUE` and `install_all`). See `request.rs` for
//! the pattern: parse options synchronously, start the network task, spawn a
//! future that turns its events into calls of one JS event function, return a
//! control function (`abort`); fail objects come from
//! [`minihost_net::Error::wx`] / [`minihost_net::Error::my`] via
//! `convert::fail_object`.

mod bytes;
mod console;
mod convert;
mod fs;
mod glue;
mod host;
pub mod page;
mod request;
mod socket;
mod state;
mod timers;
mod transfer;

pub use host::{Host, HostOptions, Outcome};
