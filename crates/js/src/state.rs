//! The host state shared by every native function: the app config, the
//! network client (built on first use), the exit status, the event log, the
//! registry of running tasks (so a time limit or an unload can interrupt
//! them) and the timer queue.

use std::cell::{Cell, OnceCell, RefCell};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::rc::{Rc, Weak};
use std::time::Instant;

use minihost_net::{AppConfig, Client, Dialect, Error};
use tokio::sync::Notify;

use crate::timers::Timers;

/// Why a task was stopped from the JS side or by the host.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stop {
    /// `task.abort()`.
    Abort,
    /// Page unload or host shutdown (`wx` "interrupted", `my` error 1).
    Interrupt,
}

/// The control block of one running native task (request, transfer, ...):
/// shared by the control function handed to JS and the future that delivers
/// the task's events. The future selects on [`TaskCtl::stopped`].
#[derive(Debug, Default)]
pub(crate) struct TaskCtl {
    stop: Cell<Option<Stop>>,
    /// JS has chunk (or progress) listeners: convert and deliver those events.
    pub(crate) want_chunks: Cell<bool>,
    /// JS has headers listeners: deliver the response head when it arrives.
    pub(crate) want_headers: Cell<bool>,
    /// Whether the task holds up the settle before a `--call` (see
    /// [`State::tasks_pending`]); `None`: while its future runs.
    hold: Cell<Option<bool>>,
    notify: Notify,
}

impl TaskCtl {
    /// A new control block.
    pub(crate) fn new() -> Rc<TaskCtl> {
        Rc::new(TaskCtl::default())
    }

    /// Asks the task to stop; the first reason wins.
    pub(crate) fn stop(&self, why: Stop) {
        if self.stop.get().is_none() {
            self.stop.set(Some(why));
            self.notify.notify_one();
        }
    }

    /// Sets whether the task holds up the settle before a `--call`: a
    /// connecting socket does, an open one does not.
    pub(crate) fn set_hold(&self, hold: bool) {
        self.hold.set(Some(hold));
    }

    /// Marks the task as ended (it no longer holds up a settle). Optional
    /// for tasks whose control function holds a clone of the `Rc` and whose
    /// future holds another: those count as running while both exist.
    #[allow(dead_code)] // for the task families' futures, at their end
    pub(crate) fn finish(&self) {
        self.set_hold(false);
    }

    /// Resolves once [`TaskCtl::stop`] was called (at once if it already was).
    pub(crate) async fn stopped(&self) -> Stop {
        loop {
            if let Some(why) = self.stop.get() {
                return why;
            }
            self.notify.notified().await;
        }
    }
}

/// JSON-lines log of host events (`--events FILE`).
pub(crate) struct EventLog {
    out: RefCell<Option<BufWriter<File>>>,
    start: Instant,
}

impl EventLog {
    fn open(path: Option<&Path>) -> Result<EventLog, String> {
        let out = match path {
            Some(p) => {
                Some(BufWriter::new(File::create(p).map_err(|e| {
                    format!("cannot create {}: {e}", p.display())
                })?))
            }
            None => None,
        };
        Ok(EventLog {
            out: RefCell::new(out),
            start: Instant::now(),
        })
    }

    /// True when events are written somewhere (build them only then).
    pub(crate) fn enabled(&self) -> bool {
        self.out.borrow().is_some()
    }

    /// Milliseconds since the host started.
    pub(crate) fn elapsed_ms(&self) -> f64 {
        (self.start.elapsed().as_micros() as f64) / 1000.0
    }

    /// Writes one event: `obj_json` is a JSON object's text; a `t` member
    /// (ms since start) is put first.
    pub(crate) fn write_json(&self, obj_json: &str) {
        let mut out = self.out.borrow_mut();
        let Some(w) = out.as_mut() else { return };
        let body = obj_json.trim();
        let rest = body.strip_prefix('{').unwrap_or("}");
        let t = self.elapsed_ms();
        let sep = if rest.trim_start().starts_with('}') {
            ""
        } else {
            ","
        };
        let _ = writeln!(w, "{{\"t\":{t:.3}{sep}{rest}");
    }

    /// Writes one event built in Rust.
    pub(crate) fn write(&self, value: serde_json::Value) {
        if self.enabled() {
            self.write_json(&value.to_string());
        }
    }

    pub(crate) fn flush(&self) {
        if let Some(w) = self.out.borrow_mut().as_mut() {
            let _ = w.flush();
        }
    }
}

/// Everything the native functions share. One per host run.
pub(crate) struct State {
    /// The app configuration.
    pub(crate) config: AppConfig,
    /// The default dialect (`platform`).
    #[allow(dead_code)] // read by API families that need a default (project mode).
    pub(crate) default_dialect: Dialect,
    client: OnceCell<Result<Client, Error>>,
    failed: Cell<bool>,
    /// The `--events` log.
    pub(crate) events: EventLog,
    tasks: RefCell<Vec<Weak<TaskCtl>>>,
    /// Timers of `setTimeout` / `setInterval`.
    pub(crate) timers: Timers,
    /// Set at the time limit: timers stop firing, new tasks fail at once.
    pub(crate) stopping: Cell<bool>,
    /// JS execution is interrupted after this instant (time limit).
    pub(crate) deadline: Cell<Option<Instant>>,
    /// The time limit was hit (errors caused by the interruption are not reported).
    pub(crate) timed_out: Cell<bool>,
    /// `--mount DIR`: a host folder exposed read-only under the user data path.
    pub(crate) mount: Option<PathBuf>,
    next_id: Cell<u64>,
}

impl State {
    pub(crate) fn new(
        config: AppConfig,
        default_dialect: Dialect,
        events: Option<&Path>,
        mount: Option<PathBuf>,
    ) -> Result<State, String> {
        Ok(State {
            config,
            default_dialect,
            client: OnceCell::new(),
            failed: Cell::new(false),
            events: EventLog::open(events)?,
            tasks: RefCell::new(Vec::new()),
            timers: Timers::default(),
            stopping: Cell::new(false),
            deadline: Cell::new(None),
            timed_out: Cell::new(false),
            mount,
            next_id: Cell::new(1),
        })
    }

    /// The app's network client, built on first use (a script that makes no
    /// request never pays for TLS set-up).
    pub(crate) fn client(&self) -> Result<&Client, Error> {
        self.client
            .get_or_init(|| Client::new(self.config.clone()))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Records that an uncaught error happened (exit code 1).
    pub(crate) fn set_failed(&self) {
        self.failed.set(true);
    }

    /// True after an uncaught error.
    pub(crate) fn failed(&self) -> bool {
        self.failed.get()
    }

    /// A fresh id for events and tasks.
    pub(crate) fn next_id(&self) -> u64 {
        let id = self.next_id.get();
        self.next_id.set(id + 1);
        id
    }

    /// Registers a running task so that [`State::interrupt_all`] reaches it.
    pub(crate) fn register(&self, ctl: &Rc<TaskCtl>) {
        let mut tasks = self.tasks.borrow_mut();
        if tasks.len() >= 64 && tasks.len() == tasks.capacity() {
            tasks.retain(|w| w.strong_count() > 0);
        }
        tasks.push(Rc::downgrade(ctl));
    }

    /// True while a registered task holds up the settle before a `--call`:
    /// one marked with [`TaskCtl::set_hold`]`(true)`, or an unmarked one
    /// whose future still runs. A request or transfer hands one clone of its
    /// `TaskCtl` to its future and one to the control function the JS task
    /// object keeps (which the future's event callback keeps alive), so two
    /// or more strong references mean the future has not ended yet.
    pub(crate) fn tasks_pending(&self) -> bool {
        let mut tasks = self.tasks.borrow_mut();
        tasks.retain(|w| w.strong_count() > 0);
        tasks.iter().any(|w| {
            let running = w.strong_count() >= 2;
            w.upgrade()
                .map(|t| t.hold.get().unwrap_or(running))
                .unwrap_or(false)
        })
    }

    /// Interrupts every task still running (time limit, shutdown).
    pub(crate) fn interrupt_all(&self) {
        let tasks = std::mem::take(&mut *self.tasks.borrow_mut());
        for t in tasks.iter().filter_map(Weak::upgrade) {
            t.stop(Stop::Interrupt);
        }
    }
}
