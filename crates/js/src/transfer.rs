//! `wx.uploadFile` / `my.uploadFile` / `wx.downloadFile` / `my.downloadFile`:
//! the native half (SPEC §3, §4).
//!
//! `__mh.uploadFile(dialect, options, onEvent)` and
//! `__mh.downloadFile(dialect, options, onEvent)` read and validate the
//! options synchronously (for uploads also opening the file in the app's
//! sandbox), start the transfer on the app's [`minihost_net::Client`], and
//! spawn a future that turns the task's events into calls of
//! `onEvent(kind, ...)`:
//!
//! | kind | arguments | when |
//! |---|---|---|
//! | 1 | `status, header object, cookies array` | response head |
//! | 2 | `written, expected` (`-1` when unknown) | progress (only while JS has progress listeners) |
//! | 3 | success object | the end, success |
//! | 4 | fail object | the end, failure |
//!
//! Each returns a control function `ctl(op)`: 0 abort, 1/2 progress
//! listeners present/absent, 3 interrupt (page unload); on a parameter error
//! or a missing file it returns the fail object instead (the glue delivers it
//! asynchronously).

use std::rc::Rc;
use std::sync::Arc;
use std::time::{Duration, Instant};

use minihost_net::sandbox::Sandbox;
use minihost_net::transfer::{
    DownloadOptions, TransferDone, TransferEvent, TransferExt, TransferTask, UploadOptions,
};
use minihost_net::{ApiName, Dialect, Error, ErrorKind};
use rquickjs::{Coerced, Ctx, Function, Object, Type, Value};

use crate::console::{invoke, report_error};
use crate::convert::{dialect_of, fail_object, header_object, string_array, wrong_type};
use crate::fs::{sandbox_cell, SandboxCell};
use crate::options::headers_of;
use crate::state::{State, Stop, TaskCtl};

/// Longest timeout a script may ask for (the browsers' timer limit).
const MAX_TIMEOUT_MS: f64 = 2_147_483_647.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Upload,
    Download,
}

impl Kind {
    fn api(self) -> ApiName {
        match self {
            Kind::Upload => ApiName::UploadFile,
            Kind::Download => ApiName::DownloadFile,
        }
    }
}

/// Installs `__mh.uploadFile` and `__mh.downloadFile`.
pub(crate) fn install<'js>(
    ctx: &Ctx<'js>,
    mh: &Object<'js>,
    state: &Rc<State>,
) -> rquickjs::Result<()> {
    let cell = sandbox_cell(state);
    for kind in [Kind::Upload, Kind::Download] {
        let st = state.clone();
        let cell = cell.clone();
        let name = match kind {
            Kind::Upload => "uploadFile",
            Kind::Download => "downloadFile",
        };
        mh.set(
            name,
            Function::new(
                ctx.clone(),
                move |ctx: Ctx<'js>,
                      dialect: i32,
                      opts: Object<'js>,
                      on_event: Function<'js>|
                      -> rquickjs::Result<Value<'js>> {
                    start(&ctx, &st, &cell, kind, dialect_of(dialect), &opts, on_event)
                },
            )?,
        )?;
    }
    Ok(())
}

/// What was parsed: the network options of either kind.
enum Parsed {
    Upload(UploadOptions),
    Download(DownloadOptions),
}

fn start<'js>(
    ctx: &Ctx<'js>,
    st: &Rc<State>,
    cell: &SandboxCell,
    kind: Kind,
    dialect: Dialect,
    o: &Object<'js>,
    on_event: Function<'js>,
) -> rquickjs::Result<Value<'js>> {
    let api = kind.api();
    let fail = |e: &Error| fail_object(ctx, dialect, api, e).map(Object::into_value);
    let sandbox = match cell.get(st) {
        Ok(s) => s,
        Err(e) => return fail(&e),
    };
    let parsed = match parse(ctx, kind, dialect, o, &sandbox)? {
        Ok(p) => p,
        Err(e) => return fail(&e),
    };
    if st.stopping.get() {
        return fail(&Error::new(
            ErrorKind::Interrupted,
            "the host is shutting down",
        ));
    }
    let client = match st.client() {
        Ok(c) => c,
        Err(e) => return fail(&e),
    };
    let (url, file_path) = match &parsed {
        Parsed::Upload(u) => (u.url.clone(), None),
        Parsed::Download(d) => (d.url.clone(), d.file_path.clone()),
    };
    let log_id = if st.events.enabled() {
        let id = st.next_id();
        st.events.write(serde_json::json!({
            "type": format!("{}.start", api.as_str()), "id": id,
            "dialect": dialect.as_str(), "url": url,
        }));
        Some(id)
    } else {
        None
    };
    let task = match parsed {
        Parsed::Upload(u) => client.upload(u),
        Parsed::Download(d) => client.download(sandbox, d),
    };
    let ctl = TaskCtl::new();
    st.register(&ctl);
    ctx.spawn(pump(
        ctx.clone(),
        st.clone(),
        task,
        ctl.clone(),
        on_event,
        Target {
            kind,
            dialect,
            file_path,
        },
        log_id,
    ));
    let f = Function::new(ctx.clone(), move |op: i32| match op {
        0 => ctl.stop(Stop::Abort),
        1 => ctl.want_chunks.set(true),
        2 => ctl.want_chunks.set(false),
        _ => ctl.stop(Stop::Interrupt),
    })?;
    Ok(f.into_value())
}

fn string_opt(o: &Object<'_>, name: &str) -> rquickjs::Result<Result<Option<String>, Error>> {
    let v: Value = o.get(name)?;
    if v.is_undefined() || v.is_null() {
        return Ok(Ok(None));
    }
    Ok(match v.as_string() {
        Some(s) => s
            .to_string()
            .map(Some)
            .map_err(|_| Error::param(format!("parameter.{name} is not valid UTF-16;"))),
        None => Err(wrong_type(name, "String", &v)),
    })
}

fn string_req(o: &Object<'_>, name: &str) -> rquickjs::Result<Result<String, Error>> {
    Ok(match string_opt(o, name)? {
        Ok(Some(s)) => Ok(s),
        Ok(None) => {
            let v: Value = o.get(name)?;
            Err(wrong_type(name, "String", &v))
        }
        Err(e) => Err(e),
    })
}

fn timeout_of(o: &Object<'_>) -> rquickjs::Result<Result<Option<Duration>, Error>> {
    let v: Value = o.get("timeout")?;
    Ok(match v.as_number() {
        Some(ms) if ms.is_finite() && ms > 0.0 => Ok(Some(Duration::from_millis(
            ms.clamp(1.0, MAX_TIMEOUT_MS) as u64,
        ))),
        Some(_) => Ok(None),
        None if v.is_undefined() || v.is_null() => Ok(None),
        None => Err(wrong_type("timeout", "Number", &v)),
    })
}

/// `formData`: each own enumerable property, in order. Strings as they are,
/// objects and arrays as JSON, other values with `String()`; `undefined`
/// and functions are skipped.
fn form_data_of<'js>(
    ctx: &Ctx<'js>,
    o: &Object<'js>,
) -> rquickjs::Result<Result<Vec<(String, String)>, Error>> {
    let v: Value = o.get("formData")?;
    let mut out = Vec::new();
    match (v.type_of(), v.as_object()) {
        (Type::Undefined | Type::Null | Type::Uninitialized, _) => {}
        (Type::Array | Type::Function | Type::Constructor, _) | (_, None) => {
            return Ok(Err(wrong_type("formData", "Object", &v)))
        }
        (_, Some(obj)) => {
            for prop in obj.props::<String, Value>() {
                let (k, val) = prop?;
                let text = match val.type_of() {
                    Type::Undefined
                    | Type::Uninitialized
                    | Type::Function
                    | Type::Constructor
                    | Type::Symbol => continue,
                    Type::String => val
                        .as_string()
                        .and_then(|s| s.to_string().ok())
                        .unwrap_or_default(),
                    Type::Object | Type::Array => match ctx.json_stringify(val)? {
                        Some(s) => s.to_string()?,
                        None => continue,
                    },
                    _ => val.get::<Coerced<String>>()?.0,
                };
                out.push((k, text));
            }
        }
    }
    Ok(Ok(out))
}

/// Reads the options. The outer error is a JS exception (a throwing getter);
/// the inner one the failure for the fail callback.
fn parse<'js>(
    ctx: &Ctx<'js>,
    kind: Kind,
    dialect: Dialect,
    o: &Object<'js>,
    sandbox: &Arc<Sandbox>,
) -> rquickjs::Result<Result<Parsed, Error>> {
    macro_rules! tri {
        ($e:expr) => {
            match $e? {
                Ok(v) => v,
                Err(e) => return Ok(Err(e)),
            }
        };
    }
    let url = tri!(string_req(o, "url"));
    let headers = tri!(headers_of(o, dialect, ("header", "headers")));
    let timeout = tri!(timeout_of(o));
    let http2 = crate::options::truthy(&o.get::<_, Value>("enableHttp2")?);
    match kind {
        Kind::Upload => {
            let file_path = tri!(string_req(o, "filePath"));
            let name = match dialect {
                Dialect::Wx => tri!(string_req(o, "name")),
                Dialect::My => match tri!(string_opt(o, "fileName")) {
                    Some(n) => n,
                    None => tri!(string_req(o, "name").map(|r| r.map_err(|_| {
                        Error::param("parameter.fileName should be String instead of Undefined;")
                    }))),
                },
            };
            let form_data = tri!(form_data_of(ctx, o));
            let file = match sandbox.open_for_upload(&file_path) {
                Ok(f) => f,
                Err(e) => return Ok(Err(e)),
            };
            Ok(Ok(Parsed::Upload(UploadOptions {
                url,
                file,
                name,
                form_data,
                headers,
                timeout,
                dialect,
                http2,
            })))
        }
        Kind::Download => {
            let file_path = tri!(string_opt(o, "filePath"));
            Ok(Ok(Parsed::Download(DownloadOptions {
                url,
                headers,
                timeout,
                dialect,
                file_path,
                http2,
            })))
        }
    }
}

/// What the terminal object needs to know about the call.
struct Target {
    kind: Kind,
    dialect: Dialect,
    file_path: Option<String>,
}

/// How long an aborted or interrupted transfer may take to clean up before
/// its `fail` is delivered anyway.
const STOP_WAIT: std::time::Duration = std::time::Duration::from_secs(1);

fn stop_error(why: Stop) -> Error {
    match why {
        Stop::Abort => Error::new(ErrorKind::Aborted, "abort"),
        Stop::Interrupt => Error::new(ErrorKind::Interrupted, "interrupted"),
    }
}

async fn pump<'js>(
    ctx: Ctx<'js>,
    st: Rc<State>,
    mut task: TransferTask,
    ctl: Rc<TaskCtl>,
    on_event: Function<'js>,
    target: Target,
    log_id: Option<u64>,
) {
    let started = Instant::now();
    let mut status: Option<u16> = None;
    let mut end: (bool, Option<String>) = (false, None);
    let api = target.kind.api();
    loop {
        let ev = tokio::select! {
            biased;
            why = ctl.stopped() => {
                task.abort();
                // Let the net task end first (it removes a download's part
                // file), so nothing is left on disk when `fail` runs.
                let _ = tokio::time::timeout(STOP_WAIT, async {
                    while let Some(ev) = task.next().await {
                        if ev.is_terminal() {
                            break;
                        }
                    }
                })
                .await;
                TransferEvent::Failed(stop_error(why))
            }
            ev = task.next() => ev.unwrap_or_else(|| TransferEvent::Failed(Error::new(
                ErrorKind::Network,
                "the transfer ended without a response",
            ))),
        };
        match deliver(&ctx, &st, &ctl, &on_event, &target, &mut status, ev) {
            Ok(None) => continue,
            Ok(Some(outcome)) => {
                end = outcome;
                break;
            }
            Err(e) => {
                report_error(&ctx, &st, e);
                let err = Error::new(ErrorKind::Network, "internal error");
                if let Ok(obj) = fail_object(&ctx, target.dialect, api, &err) {
                    invoke(&ctx, &st, &on_event, (4, obj));
                }
                end.1 = Some("internal error".into());
                break;
            }
        }
    }
    // Dropping the task cancels whatever is left (a download's partial file
    // is removed).
    drop(task);
    if let Some(id) = log_id {
        st.events.write(serde_json::json!({
            "type": format!("{}.end", api.as_str()), "id": id,
            "status": status, "ok": end.0, "error": end.1,
            "ms": (started.elapsed().as_micros() as f64) / 1000.0,
        }));
    }
}

/// Delivers one event. `Some((ok, error))` when it was the terminal one.
fn deliver<'js>(
    ctx: &Ctx<'js>,
    st: &State,
    ctl: &TaskCtl,
    on_event: &Function<'js>,
    target: &Target,
    status: &mut Option<u16>,
    ev: TransferEvent,
) -> rquickjs::Result<Option<(bool, Option<String>)>> {
    let api = target.kind.api();
    match ev {
        TransferEvent::Headers(h) => {
            *status = Some(h.status);
            let header = header_object(ctx, h.headers())?;
            let cookies = string_array(ctx, h.cookies())?;
            invoke(ctx, st, on_event, (1, h.status, header, cookies));
            Ok(None)
        }
        TransferEvent::Progress { written, expected } => {
            if ctl.want_chunks.get() {
                let expected = expected.map_or(-1.0, |e| e as f64);
                invoke(ctx, st, on_event, (2, written as f64, expected));
            }
            Ok(None)
        }
        TransferEvent::Done(done) => {
            let obj = success_object(ctx, target, done)?;
            invoke(ctx, st, on_event, (3, obj));
            Ok(Some((true, None)))
        }
        TransferEvent::Failed(e) => {
            let obj = fail_object(ctx, target.dialect, api, &e)?;
            invoke(ctx, st, on_event, (4, obj));
            Ok(Some((false, Some(e.wx().reason))))
        }
    }
}

/// The success object of SPEC §3 / §4.
fn success_object<'js>(
    ctx: &Ctx<'js>,
    target: &Target,
    done: TransferDone,
) -> rquickjs::Result<Object<'js>> {
    let o = Object::new(ctx.clone())?;
    let wx = target.dialect == Dialect::Wx;
    match done {
        TransferDone::Upload(u) => {
            o.set("data", u.body)?;
            o.set("statusCode", u.head.status)?;
            o.set("header", header_object(ctx, u.head.headers())?)?;
            if wx {
                o.set("errMsg", "uploadFile:ok")?;
            }
        }
        TransferDone::Download(d) => {
            let header = header_object(ctx, d.head.headers())?;
            if wx {
                if target.file_path.is_some() {
                    o.set("filePath", d.path.as_str())?;
                } else {
                    o.set("tempFilePath", d.path.as_str())?;
                }
                o.set("statusCode", d.head.status)?;
                o.set("header", header)?;
                o.set("errMsg", "downloadFile:ok")?;
            } else {
                o.set("apFilePath", d.path.as_str())?;
                o.set("tempFilePath", d.path.as_str())?;
                if target.file_path.is_some() {
                    o.set("filePath", d.path.as_str())?;
                }
                o.set("statusCode", d.head.status)?;
                o.set("headers", header)?;
            }
        }
    }
    Ok(o)
}
