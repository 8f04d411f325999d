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
//! 1. `src/<family>.rs`: `pub(crate) fn install<'js>(ctx: &Ctx<'js>, mh:
//!    &Object<'js>, state: &Rc<State>) -> rquickjs::Result<()>` sets native
//!    functions on `mh` (the hidden global `__mh`). Natives must not capture
//!    JS values (the GC cannot see into Rust closures; capture `Rc<State>`,
//!    `Rc<TaskCtl>`, plain data).
//! 2. `js/<family>.js`: a function expression `(function (mh, core, wx, my)
//!    { ... })` defining `wx.*` / `my.*` with the helpers of `core`
//!    (`js/core.js`: `settle`, `later`, `call`, `Listeners`, `typeName`,
//!    `bin`, `opts`, `uncaught`). `build.rs` compiles it to bytecode.
//! 3. Wire both in `host.rs`: the `install` call in `setup`, and a `GLUE`
//!    entry (`glue::source!("<family>.js")`) with the `wx`/`my`/global names
//!    whose first use loads the file (empty list: loaded at start).
//!
//! The pattern of a task API (`request.rs` + `js/request.js`): parse and
//! validate the options synchronously in the native (a parameter error is
//! returned as the fail object, which the glue delivers with `core.later`);
//! start the network task; `ctx.spawn` a future that selects on
//! `TaskCtl::stopped` (`state.rs`) and the task's events and calls one
//! JS event function per event through `console::invoke` (which reports
//! exceptions and runs the microtasks); return a small control function
//! (abort, listener flags). Register the `TaskCtl` with `State::register`
//! so a time limit interrupts it; fail objects come from
//! [`minihost_net::Error::wx`] / [`minihost_net::Error::my`] through
//! `convert::fail_object`. Binary data: `bytes::bytes_of` (in) and
//! `bytes::array_buffer` (out).

mod bytes;
mod console;
mod convert;
mod fs;
mod glue;
mod host;
mod options;
pub mod page;
mod request;
mod socket;
mod state;
mod timers;
mod transfer;

pub use host::{Host, HostOptions, Outcome};
