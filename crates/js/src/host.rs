//! The host: builds the engine and the globals, runs a script or a project,
//! drives the event loop until nothing is pending (or the time limit), and
//! reports the exit status.

use std::cell::Cell;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::{Duration, Instant};

use minihost_net::{AppConfig, Dialect};
use rquickjs::context::EvalOptions;
use rquickjs::function::Opt;
use rquickjs::object::Accessor;
use rquickjs::{AsyncContext, AsyncRuntime, Ctx, Function, Object, Value};

use crate::console::{describe, print_line, report_error, report_uncaught, run_jobs};
use crate::glue;
use crate::page::{self, Call, Mode, Project};
use crate::state::State;

/// One JS glue file: a function expression `(function (mh, core, wx, my) { ... })`.
struct Glue {
    source: glue::Source,
    /// Names whose first use loads the file (`g` = global, `h` = hidden
    /// global, `wx`, `my`); empty: loaded at start.
    lazy: &'static [(&'static str, &'static [&'static str])],
}

/// The API families' glue, loaded in this order after `core.js` (the lazy
/// ones when a script first touches one of their names).
const GLUE: [Glue; 5] = [
    Glue {
        source: glue::source!("request.js"),
        lazy: &[],
    },
    Glue {
        source: glue::source!("ui.js"),
        lazy: &[("h", &["__mhUiLine"]), ("wx", WX_UI), ("my", MY_UI)],
    },
    Glue {
        source: glue::source!("transfer.js"),
        lazy: &[
            ("wx", &["uploadFile", "downloadFile"]),
            ("my", &["uploadFile", "downloadFile"]),
        ],
    },
    Glue {
        source: glue::source!("fs.js"),
        lazy: &[
            ("wx", &["getFileSystemManager"]),
            ("my", &["getFileSystemManager"]),
        ],
    },
    Glue {
        source: glue::source!("socket.js"),
        lazy: &[("wx", SOCKET_NAMES), ("my", SOCKET_NAMES)],
    },
];

/// What `ui.js` defines on `wx` / `my`.
const WX_UI: &[&str] = &[
    "showToast",
    "hideToast",
    "showLoading",
    "hideLoading",
    "showModal",
    "previewImage",
    "showActionSheet",
    "setNavigationBarTitle",
    "startPullDownRefresh",
    "stopPullDownRefresh",
    "canIUse",
];
const MY_UI: &[&str] = &[
    "alert",
    "confirm",
    "prompt",
    "showToast",
    "hideToast",
    "showLoading",
    "hideLoading",
    "previewImage",
    "showActionSheet",
    "setNavigationBar",
    "startPullDownRefresh",
    "stopPullDownRefresh",
    "canIUse",
];

const SOCKET_NAMES: &[&str] = &[
    "connectSocket",
    "onSocketOpen",
    "offSocketOpen",
    "onSocketMessage",
    "offSocketMessage",
    "onSocketError",
    "offSocketError",
    "onSocketClose",
    "offSocketClose",
    "sendSocketMessage",
    "closeSocket",
];

/// What `page.js` defines: it is loaded when a script first uses one of
/// these (always in project mode and with `--call`).
const PAGE_LAZY: &[(&str, &[&str])] = &[
    ("g", &["App", "Page", "getApp", "getCurrentPages"]),
    ("wx", NAVIGATION),
    ("my", NAVIGATION),
];

const NAVIGATION: &[&str] = &[
    "navigateTo",
    "redirectTo",
    "navigateBack",
    "switchTab",
    "reLaunch",
];

const CORE_JS: glue::Source = glue::source!("core.js");

/// How long pending tasks get to report `interrupted` after the time limit.
const GRACE: Duration = Duration::from_millis(250);

/// Property put on a promise once a handler is attached after it rejected.
const HANDLED_KEY: &str = "__mhRejectionHandled";

/// What to run and how.
#[derive(Debug, Clone)]
pub struct HostOptions {
    /// The app configuration (`minihost.json` plus flags).
    pub config: AppConfig,
    /// The default dialect (referer and defaults); both globals exist anyway.
    pub default_dialect: Dialect,
    /// Stop after this long (exit code 124).
    pub time_limit: Option<Duration>,
    /// Write host events as JSON lines to this file.
    pub events: Option<PathBuf>,
    /// `--call PAGE_ROUTE:METHOD`, in order. Before each, the app settles:
    /// the loop runs until no request / upload / download is running, no
    /// socket is connecting and no timer is due within a second (open
    /// sockets do not count), or five seconds at most.
    pub calls: Vec<Call>,
    /// `--mount DIR`: a host folder exposed read-only under the user data path.
    pub mount: Option<PathBuf>,
}

impl Default for HostOptions {
    fn default() -> Self {
        let config = AppConfig::default();
        HostOptions {
            default_dialect: config.platform,
            config,
            time_limit: None,
            events: None,
            calls: Vec::new(),
            mount: None,
        }
    }
}

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    /// 0 drained cleanly, 1 uncaught error / unhandled rejection / exception
    /// in a callback, 2 bad input (script or project not loadable, bad
    /// `--call`), 124 time limit.
    pub exit_code: i32,
}

/// A mini-program host. One [`Host::run`] per process is the normal use;
/// runs are independent (each builds its own engine and runtime).
#[derive(Debug, Clone)]
pub struct Host {
    opts: HostOptions,
}

impl Host {
    /// A host with these options.
    pub fn new(opts: HostOptions) -> Host {
        Host { opts }
    }

    /// Runs a script file or a project folder to completion.
    ///
    /// Made for one run per process: unless the run opened the file sandbox
    /// (whose temp dir is removed when the engine is freed), the engine's
    /// memory is not freed at the end but left to the process exit, which
    /// saves a full garbage collection. Everything observable (output, the
    /// `--events` log, the cookie jar, temp files) is complete when this
    /// returns either way.
    pub fn run(&self, path: &Path) -> Outcome {
        let project = match Project::open(path) {
            Ok(p) => p,
            Err(e) => return bad_input(&e),
        };
        let mut config = self.opts.config.clone();
        project.apply_to(&mut config);
        let rt = match tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        {
            Ok(rt) => rt,
            Err(e) => return bad_input(&format!("cannot start the runtime: {e}")),
        };
        rt.block_on(self.run_async(config, Rc::new(project)))
    }

    /// Runs a script file (same as [`Host::run`] on a file).
    pub fn run_script(&self, path: &Path) -> Outcome {
        self.run(path)
    }

    async fn run_async(&self, config: AppConfig, project: Rc<Project>) -> Outcome {
        let state = match State::new(
            config,
            self.opts.default_dialect,
            self.opts.events.as_deref(),
            self.opts.mount.clone(),
        ) {
            Ok(s) => Rc::new(s),
            Err(e) => return bad_input(&e),
        };
        let started = Instant::now();
        let deadline = self.opts.time_limit.map(|d| started + d);
        let jsrt = match AsyncRuntime::new() {
            Ok(r) => r,
            Err(e) => return bad_input(&format!("cannot start the JS engine: {e}")),
        };
        configure(&jsrt, &state, deadline).await;
        let ctx = match AsyncContext::full(&jsrt).await {
            Ok(c) => c,
            Err(e) => return bad_input(&format!("cannot start the JS engine: {e}")),
        };

        let st = state.clone();
        let proj = project.clone();
        let eager_page = project.mode == Mode::Project || !self.opts.calls.is_empty();
        let setup = ctx
            .with(|ctx| -> Result<(), String> {
                setup(&ctx, &st, proj, eager_page).map_err(|e| match e {
                    rquickjs::Error::Exception => {
                        let v = ctx.catch();
                        describe(&ctx, &v)
                    }
                    other => other.to_string(),
                })?;
                start_app(&ctx, &st, &project);
                Ok(())
            })
            .await;
        if let Err(e) = setup {
            print_line(2, &format!("minihost: internal error while starting: {e}"));
            return Outcome { exit_code: 1 };
        }

        let mut code = None;
        for call in &self.opts.calls {
            // Before each call the app settles (its requests and near timers
            // are done; open sockets may stay open).
            if !settle(&jsrt, &state, deadline).await {
                code = Some(124);
                break;
            }
            match run_call(&ctx, &jsrt, &state, call, deadline).await {
                Ok(true) if !state.timed_out.get() => {}
                Ok(_) => {
                    code = Some(124);
                    break;
                }
                Err(msg) => {
                    print_line(2, &format!("minihost: {msg}"));
                    code = Some(2);
                    break;
                }
            }
        }
        if code.is_none() && (!drain(&jsrt, deadline).await || state.timed_out.get()) {
            code = Some(124);
        }
        if code == Some(124) {
            time_limit_reached(&state, self.opts.time_limit);
        }
        // Unload: pages hide and unload, their pending requests are interrupted.
        let st = state.clone();
        ctx.with(|ctx| {
            let loaded = ctx.globals().contains_key("__mhPages").unwrap_or(false);
            if loaded {
                if let Err(e) = page::exit(&ctx) {
                    report_error(&ctx, &st, e);
                }
            }
            run_jobs(&ctx);
        })
        .await;
        if code == Some(124) {
            state.interrupt_all();
            let _ = tokio::time::timeout(GRACE, jsrt.idle()).await;
        } else if !drain(&jsrt, deadline).await || state.timed_out.get() {
            time_limit_reached(&state, self.opts.time_limit);
            state.interrupt_all();
            let _ = tokio::time::timeout(GRACE, jsrt.idle()).await;
            code = Some(124);
        }
        state.events.write(serde_json::json!({
            "type": "exit",
            "code": code.unwrap_or(if state.failed() { 1 } else { 0 }),
        }));
        state.events.flush();
        if needs_teardown(&state) {
            drop(ctx);
            drop(jsrt);
        } else {
            // Freeing the engine is a full GC over every object of the run
            // (~10% of a one-request run) and nothing observable depends on
            // it: the event log is flushed, the cookie jar is saved as it
            // changes, sockets close with the tokio runtime. The memory goes
            // back with the process (see `Host::run`).
            std::mem::forget(ctx);
            std::mem::forget(jsrt);
        }
        Outcome {
            exit_code: code.unwrap_or(if state.failed() { 1 } else { 0 }),
        }
    }
}

/// True when dropping the engine does work that must happen: this run
/// opened the file sandbox, whose temp dir (`<data dir>/tmp/run-<pid>-…`) is
/// removed when the natives holding it are freed. Conservative: an
/// unreadable or very large temp folder counts as "opened".
fn needs_teardown(state: &State) -> bool {
    let tmp = state.config.data_dir.join("tmp");
    let entries = match std::fs::read_dir(&tmp) {
        Ok(e) => e,
        Err(e) => return e.kind() != std::io::ErrorKind::NotFound,
    };
    let prefix = format!("run-{}-", std::process::id());
    let mut seen = 0usize;
    for entry in entries {
        seen += 1;
        let Ok(entry) = entry else { return true };
        if seen > 10_000 || entry.file_name().to_string_lossy().starts_with(&prefix) {
            return true;
        }
    }
    false
}

fn bad_input(msg: &str) -> Outcome {
    print_line(2, &format!("minihost: {msg}"));
    Outcome { exit_code: 2 }
}

fn time_limit_reached(state: &State, limit: Option<Duration>) {
    state.timed_out.set(true);
    state.stopping.set(true);
    state.deadline.set(Some(Instant::now() + GRACE));
    let secs = limit.map(|d| d.as_secs_f64()).unwrap_or(0.0);
    print_line(2, &format!("minihost: time limit of {secs}s reached"));
    state
        .events
        .write(serde_json::json!({"type": "timeLimit", "seconds": secs}));
}

/// Runs the event loop until nothing is pending; false at the deadline.
async fn drain(jsrt: &AsyncRuntime, deadline: Option<Instant>) -> bool {
    match deadline {
        None => {
            jsrt.idle().await;
            true
        }
        Some(d) => tokio::time::timeout_at(d.into(), jsrt.idle()).await.is_ok(),
    }
}

/// The longest settle before a `--call`: the call runs after this even if
/// the app is still busy (a polling timer, a slow request).
const SETTLE_MAX: Duration = Duration::from_secs(5);

/// A timer due sooner than this holds up the settle.
const SETTLE_NEAR: Duration = Duration::from_secs(1);

/// How often the settle looks at the pending work.
const SETTLE_POLL: Duration = Duration::from_millis(10);

/// Lets the app settle before a `--call`: runs the event loop until it is
/// idle, or until no request / upload / download is running, no socket is
/// connecting and no timer is due within [`SETTLE_NEAR`] (open sockets do
/// not hold it up), or at most [`SETTLE_MAX`]. False at the deadline.
async fn settle(jsrt: &AsyncRuntime, state: &State, deadline: Option<Instant>) -> bool {
    let cap = Instant::now() + SETTLE_MAX;
    let until = deadline.map_or(cap, |d| d.min(cap));
    let quiet = async {
        loop {
            tokio::time::sleep(SETTLE_POLL).await;
            let near = Instant::now() + SETTLE_NEAR;
            let timer_soon = state.timers.next_due().is_some_and(|t| t <= near);
            if !timer_soon && !state.tasks_pending() {
                break;
            }
        }
    };
    tokio::select! {
        _ = jsrt.idle() => {}
        _ = quiet => {}
        _ = tokio::time::sleep_until(until.into()) => {}
    }
    !state.timed_out.get() && deadline.is_none_or(|d| Instant::now() < d)
}

/// One `--call`: open the page if needed (and settle), call. `Ok(false)`
/// at the deadline; `Err` for a call that cannot be made.
async fn run_call(
    ctx: &AsyncContext,
    jsrt: &AsyncRuntime,
    state: &Rc<State>,
    call: &Call,
    deadline: Option<Instant>,
) -> Result<bool, String> {
    let navigated = ctx
        .with(|ctx| {
            let r = page::prepare_call(&ctx, call).map_err(|e| js_error_text(&ctx, e));
            run_jobs(&ctx);
            r
        })
        .await?;
    if navigated && !settle(jsrt, state, deadline).await {
        return Ok(false);
    }
    state.events.write(serde_json::json!({
        "type": "call", "route": call.route, "method": call.method,
    }));
    ctx.with(|ctx| {
        let r = page::call(&ctx, call).map_err(|e| js_error_text(&ctx, e));
        run_jobs(&ctx);
        r
    })
    .await?;
    Ok(true)
}

fn js_error_text(ctx: &Ctx<'_>, e: rquickjs::Error) -> String {
    match e {
        rquickjs::Error::Exception => {
            let v = ctx.catch();
            let text = describe(ctx, &v);
            text.lines()
                .next()
                .unwrap_or("")
                .trim_start_matches("Error: ")
                .to_string()
        }
        other => other.to_string(),
    }
}

/// Memory limits, the time-limit interrupt and the rejection tracker.
async fn configure(jsrt: &AsyncRuntime, state: &Rc<State>, deadline: Option<Instant>) {
    jsrt.set_memory_limit(1 << 30).await;
    jsrt.set_gc_threshold(16 << 20).await;
    jsrt.set_max_stack_size(1 << 20).await;
    if let Some(d) = deadline {
        state.deadline.set(Some(d));
        let st = state.clone();
        jsrt.set_interrupt_handler(Some(Box::new(move || match st.deadline.get() {
            Some(d) if Instant::now() >= d => {
                st.timed_out.set(true);
                true
            }
            _ => false,
        })))
        .await;
    }
    let st = state.clone();
    jsrt.set_host_promise_rejection_tracker(Some(Box::new(
        move |ctx: Ctx<'_>, promise: Value<'_>, reason: Value<'_>, handled: bool| {
            if handled {
                if let Some(o) = promise.as_object() {
                    let _ = o.set(HANDLED_KEY, true);
                }
                return;
            }
            // Unhandled for now: check again once the current jobs ran (a
            // handler attached in the same turn is not an error).
            let st = st.clone();
            let c = ctx.clone();
            ctx.spawn(async move {
                run_jobs(&c);
                let handled = promise
                    .as_object()
                    .and_then(|o| o.get::<_, Option<bool>>(HANDLED_KEY).ok().flatten())
                    .unwrap_or(false);
                if !handled {
                    let text = format!("Uncaught (in promise) {}", describe(&c, &reason));
                    report_uncaught(&st, &text);
                }
            });
        },
    )))
    .await;
}

/// Installs the natives, the glue and the page layer (`eager_page`: at
/// once, else on first use of its names).
fn setup<'js>(
    ctx: &Ctx<'js>,
    state: &Rc<State>,
    project: Rc<Project>,
    eager_page: bool,
) -> rquickjs::Result<()> {
    let mh = Object::new(ctx.clone())?;
    ctx.globals().set("__mh", mh.clone())?;
    crate::console::install(ctx, &mh, state)?;
    crate::timers::install(ctx, &mh, state)?;
    crate::request::install(ctx, &mh, state)?;
    crate::transfer::install(ctx, &mh, state)?;
    crate::fs::install(ctx, &mh, state)?;
    crate::socket::install(ctx, &mh, state)?;

    let core_fn = Function::from_value(glue::eval(ctx, &CORE_JS)?)?;
    let core: Object = core_fn.call((mh.clone(),))?;
    mh.set("core", core.clone())?;
    for (i, glue) in GLUE.iter().enumerate() {
        if glue.lazy.is_empty() {
            load_glue(ctx, i)?;
        } else {
            lazy(
                ctx,
                &core,
                glue.lazy,
                Box::new(move |ctx: &Ctx<'js>| load_glue(ctx, i)),
            )?;
        }
    }
    if eager_page {
        page::install(ctx, &mh, project)
    } else {
        lazy(
            ctx,
            &core,
            PAGE_LAZY,
            Box::new(move |ctx: &Ctx<'js>| {
                let mh: Object = ctx.globals().get("__mh")?;
                page::install(ctx, &mh, project.clone())
            }),
        )
    }
}

type Spec = &'static [(&'static str, &'static [&'static str])];

/// What loads a lazy family.
type Loader<'js> = Box<dyn Fn(&Ctx<'js>) -> rquickjs::Result<()> + 'js>;

/// A family loaded on the first use of one of its names (see [`lazy`]).
struct LazyFamily<'js> {
    done: Cell<bool>,
    spec: Spec,
    load: Loader<'js>,
}

impl<'js> LazyFamily<'js> {
    /// Once: removes the placeholders still in place (`core.unlazy`), then
    /// loads the family, which defines the real names.
    fn run(&self, ctx: &Ctx<'js>) -> rquickjs::Result<()> {
        if self.done.replace(true) {
            return Ok(());
        }
        let unlazy: Function = core_of(ctx)?.get("unlazy")?;
        let spec = serde_json::to_string(self.spec).unwrap_or_else(|_| "[]".into());
        unlazy.call::<_, ()>((spec,))?;
        (self.load)(ctx)
    }
}

/// `core` (what `core.js` returned).
fn core_of<'js>(ctx: &Ctx<'js>) -> rquickjs::Result<Object<'js>> {
    ctx.globals().get::<_, Object>("__mh")?.get("core")
}

/// The object a spec target names: `g` / `h` the global object, `wx` /
/// `my` the objects `core.js` made.
fn lazy_target<'js>(
    ctx: &Ctx<'js>,
    core: Option<&Object<'js>>,
    t: &str,
) -> rquickjs::Result<Object<'js>> {
    match (t, core) {
        ("g" | "h", _) => Ok(ctx.globals()),
        (_, Some(core)) => core.get(t),
        (_, None) => core_of(ctx)?.get(t),
    }
}

/// Puts a placeholder for each name of `spec` (target `g` global, `h`
/// global but not enumerable, `wx`, `my`): an own, configurable accessor
/// whose first get or set loads the family with `load`, then reads or
/// writes the real property. Natively (two small functions per name), as a
/// JS version costs about three times as much at every start.
fn lazy<'js>(
    ctx: &Ctx<'js>,
    core: &Object<'js>,
    spec: Spec,
    load: Loader<'js>,
) -> rquickjs::Result<()> {
    let family = Rc::new(LazyFamily {
        done: Cell::new(false),
        spec,
        load,
    });
    for &(t, names) in spec {
        let target = lazy_target(ctx, Some(core), t)?;
        for &n in names {
            let (f, g) = (family.clone(), family.clone());
            let get = move |ctx: Ctx<'js>| -> rquickjs::Result<Value<'js>> {
                f.run(&ctx)?;
                lazy_target(&ctx, None, t)?.get(n)
            };
            let set = move |ctx: Ctx<'js>, v: Opt<Value<'js>>| -> rquickjs::Result<()> {
                g.run(&ctx)?;
                let v = v.0.unwrap_or_else(|| Value::new_undefined(ctx.clone()));
                lazy_target(&ctx, None, t)?.set(n, v)
            };
            let acc = Accessor::new(get, set).configurable();
            if t == "h" {
                target.prop(n, acc)?;
            } else {
                target.prop(n, acc.enumerable())?;
            }
        }
    }
    Ok(())
}

/// Evaluates glue file `i` and calls it with `(mh, core, wx, my)`.
fn load_glue<'js>(ctx: &Ctx<'js>, i: usize) -> rquickjs::Result<()> {
    let Some(glue) = GLUE.get(i) else {
        return Ok(());
    };
    let g = ctx.globals();
    let mh: Object = g.get("__mh")?;
    let core: Object = mh.get("core")?;
    let wx: Object = g.get("wx")?;
    let my: Object = g.get("my")?;
    let f = Function::from_value(glue::eval(ctx, &glue.source)?)?;
    f.call((mh, core, wx, my))
}

/// Script mode: evaluates the script. Project mode: launches the app.
/// Errors are reported as uncaught (exit code 1); the loop still drains.
fn start_app(ctx: &Ctx<'_>, state: &Rc<State>, project: &Project) {
    match project.mode {
        Mode::Script => {
            let src = match std::fs::read(&project.main) {
                Ok(b) => b,
                Err(e) => {
                    report_uncaught(
                        state,
                        &format!("minihost: cannot read {}: {e}", project.main.display()),
                    );
                    return;
                }
            };
            let src = src.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&src).to_vec();
            let name = project
                .main
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| "script.js".into());
            let mut opts = EvalOptions::default();
            opts.strict = false;
            opts.filename = Some(name);
            if let Err(e) = ctx.eval_with_options::<(), _>(src, opts) {
                report_error(ctx, state, e);
            }
        }
        Mode::Project => {
            if let Err(e) = page::launch(ctx) {
                report_error(ctx, state, e);
            }
        }
    }
    run_jobs(ctx);
}
