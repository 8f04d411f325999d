//! `wx.request` / `my.request`: the native half.
//!
//! `__mh.request(flags, onEvent, task, url, method, header, data, timeout,
//! dataType, responseType)` validates the options (read by the glue, so no
//! property lookups by name here) synchronously into a [`RequestOptions`],
//! starts the request on the app's [`minihost_net::Client`], and spawns a
//! future that turns the task's events into calls of
//! `onEvent.call(task, kind, ...)` (one shared `onEvent`, no closure per
//! request):
//!
//! | kind | arguments | when |
//! |---|---|---|
//! | 1 | `status, header object, cookies array` | response head (only while JS has headers listeners) |
//! | 2 | `ArrayBuffer` | a body chunk (only while JS has chunk listeners) |
//! | 3 | `data, status, header object, cookies array` | the end, success (the glue builds the dialect's object) |
//! | 4 | fail object | the end, failure |
//!
//! `flags`: bit 0 the `my` dialect, bit 1 `enableChunked`, bit 2
//! `enableHttp2`, bit 3 `redirect: "manual"` (each as JS truthiness / `===`).
//!
//! It returns the task's id (a number), for `__mh.requestCtl(id, op)`:
//! 0 abort, 1/2 chunk listeners present/absent, 3 interrupt (page unload),
//! 4/5 headers listeners present/absent; an id whose task ended is ignored.
//! On a parameter error it returns the fail object instead (the glue delivers
//! it asynchronously). Bodies are decoded here (UTF-8, `JSON.parse`, base64,
//! `ArrayBuffer`), per dialect, `dataType` and `responseType` (SPEC §2).

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;
use std::time::{Duration, Instant};

use base64::Engine as _;
use bytes::Bytes;
use minihost_net::{
    policy::Api, ApiName, Data, Dialect, Error, ErrorKind, Event, Redirect, RequestOptions,
    RequestTask,
};
use rquickjs::function::{Rest, This};
use rquickjs::{Array, Ctx, Function, IntoJs, Object, Type, Value};

use crate::bytes::{array_buffer, bytes_of, is_binary};
use crate::console::{invoke, report_error};
use crate::convert::{fail_object, header_object, string_array, wrong_type};
use crate::options::header_values;
use crate::state::{State, Stop, TaskCtl};

/// Longest timeout a script may ask for (the browsers' timer limit).
const MAX_TIMEOUT_MS: f64 = 2_147_483_647.0;

const WX_METHODS: [&str; 8] = [
    "OPTIONS", "GET", "HEAD", "POST", "PUT", "DELETE", "TRACE", "CONNECT",
];
const MY_METHODS: [&str; 4] = ["GET", "POST", "PUT", "DELETE"];

/// How the response body becomes `data`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Body {
    /// `wx` `dataType: json`: parse, else keep the text.
    WxJson,
    /// `wx` other `dataType`: text.
    WxText,
    /// `responseType: arraybuffer` / `my` `dataType: arraybuffer`.
    Binary,
    /// `my` `json`: parse, else error 14.
    MyJson,
    /// `my` `text`: UTF-8, else error 14.
    MyText,
    /// `my` `base64`.
    MyBase64,
}

/// `flags` bits of `__mh.request`.
const FLAG_MY: i32 = 1;
const FLAG_CHUNKED: i32 = 2;
const FLAG_HTTP2: i32 = 4;
const FLAG_MANUAL: i32 = 8;

/// The running requests by id, for `__mh.requestCtl` (holds no JS value).
#[derive(Default)]
struct Registry {
    next: Cell<u64>,
    tasks: RefCell<HashMap<u64, Rc<TaskCtl>>>,
}

impl Registry {
    fn add(&self, ctl: Rc<TaskCtl>) -> u64 {
        let id = self.next.get() + 1;
        self.next.set(id);
        self.tasks.borrow_mut().insert(id, ctl);
        id
    }

    fn get(&self, id: f64) -> Option<Rc<TaskCtl>> {
        if !(id >= 1.0 && id <= self.next.get() as f64) {
            return None;
        }
        self.tasks.borrow().get(&(id as u64)).cloned()
    }

    fn remove(&self, id: u64) {
        self.tasks.borrow_mut().remove(&id);
    }
}

/// Installs `__mh.request` and `__mh.requestCtl`.
pub(crate) fn install<'js>(
    ctx: &Ctx<'js>,
    mh: &Object<'js>,
    state: &Rc<State>,
) -> rquickjs::Result<()> {
    let st = state.clone();
    let reg = Rc::new(Registry::default());
    let r = reg.clone();
    mh.set(
        "request",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>,
                  flags: i32,
                  on_event: Function<'js>,
                  task: Value<'js>,
                  args: Rest<Value<'js>>|
                  -> rquickjs::Result<Value<'js>> {
                start(&ctx, &st, &r, flags, on_event, task, args.0)
            },
        )?,
    )?;
    mh.set(
        "requestCtl",
        Function::new(ctx.clone(), move |id: f64, op: i32| {
            let Some(ctl) = reg.get(id) else { return };
            match op {
                0 => ctl.stop(Stop::Abort),
                1 => ctl.want_chunks.set(true),
                2 => ctl.want_chunks.set(false),
                4 => ctl.want_headers.set(true),
                5 => ctl.want_headers.set(false),
                _ => ctl.stop(Stop::Interrupt),
            }
        })?,
    )?;
    Ok(())
}

fn start<'js>(
    ctx: &Ctx<'js>,
    st: &Rc<State>,
    reg: &Rc<Registry>,
    flags: i32,
    on_event: Function<'js>,
    this: Value<'js>,
    args: Vec<Value<'js>>,
) -> rquickjs::Result<Value<'js>> {
    let dialect = if flags & FLAG_MY != 0 {
        Dialect::My
    } else {
        Dialect::Wx
    };
    let (opts, body) = match parse(ctx, dialect, flags, args)? {
        Ok(p) => p,
        Err(e) => return fail_object(ctx, dialect, ApiName::Request, &e).map(Object::into_value),
    };
    if st.stopping.get() {
        let e = Error::new(ErrorKind::Interrupted, "the host is shutting down");
        return fail_object(ctx, dialect, ApiName::Request, &e).map(Object::into_value);
    }
    let client = match st.client() {
        Ok(c) => c,
        Err(e) => return fail_object(ctx, dialect, ApiName::Request, &e).map(Object::into_value),
    };
    let id = if st.events.enabled() {
        let id = st.next_id();
        st.events.write(serde_json::json!({
            "type": "request.start", "id": id, "dialect": dialect.as_str(),
            "method": opts.method, "url": opts.url,
        }));
        Some(id)
    } else {
        None
    };
    let task = client.request(opts);
    let ctl = TaskCtl::new();
    st.register(&ctl);
    let task_id = reg.add(ctl.clone());
    ctx.spawn(pump(
        Pump {
            ctx: ctx.clone(),
            st: st.clone(),
            reg: reg.clone(),
            task_id,
            ctl,
            on_event,
            this,
            dialect,
            body,
            log_id: id,
        },
        task,
    ));
    Ok(Value::new_number(ctx.clone(), task_id as f64))
}

/// A string property as Rust text; a lone surrogate is a URL-encoding error.
fn text_of(s: &rquickjs::String<'_>, what: &str) -> Result<String, Error> {
    s.to_string()
        .map_err(|_| Error::new(ErrorKind::UrlEncode, format!("{what} is not valid UTF-16")))
}

type Parsed = (RequestOptions, Body);

/// Validates the options the glue read: `url, method, header, data,
/// timeout, dataType, responseType` (missing ones are `undefined`). The
/// outer error is a JS exception (a throwing `toString`); the inner one a
/// parameter error for the fail callback.
fn parse<'js>(
    ctx: &Ctx<'js>,
    dialect: Dialect,
    flags: i32,
    args: Vec<Value<'js>>,
) -> rquickjs::Result<Result<Parsed, Error>> {
    let wx = dialect == Dialect::Wx;
    let mut args = args.into_iter();
    let mut next = || {
        args.next()
            .unwrap_or_else(|| Value::new_undefined(ctx.clone()))
    };
    let url_v = next();
    let method_v = next();
    let hv = next();
    let data = next();
    let timeout_v = next();
    let data_type_v = next();
    let rt = next();

    let url = match url_v.as_string() {
        Some(s) => match text_of(s, "url") {
            Ok(u) => u,
            Err(e) => return Ok(Err(e)),
        },
        None => return Ok(Err(wrong_type("url", "String", &url_v))),
    };

    let method = if method_v.is_undefined() {
        "GET".to_string()
    } else if let Some(s) = method_v.as_string() {
        let m = s.to_string().unwrap_or_default().to_ascii_uppercase();
        let allowed: &[&str] = if wx { &WX_METHODS } else { &MY_METHODS };
        if !allowed.contains(&m.as_str()) {
            return Ok(Err(Error::param(format!(
                "parameter.method should be one of {} instead of {m};",
                allowed.join("/")
            ))));
        }
        m
    } else {
        return Ok(Err(wrong_type("method", "String", &method_v)));
    };

    let hname = if wx { "header" } else { "headers" };
    let headers = match header_values(&hv, hname, wx)? {
        Ok(h) => h,
        Err(e) => return Ok(Err(e)),
    };

    let data = match data_of(ctx, data) {
        Ok(d) => d,
        Err(e) => return Ok(Err(e)),
    };

    let timeout = match timeout_v.as_number() {
        Some(ms) if ms.is_finite() && ms > 0.0 => {
            Some(Duration::from_millis(ms.clamp(1.0, MAX_TIMEOUT_MS) as u64))
        }
        Some(_) => None,
        None if timeout_v.is_undefined() || timeout_v.is_null() => None,
        None => return Ok(Err(wrong_type("timeout", "Number", &timeout_v))),
    };

    let data_type = if data_type_v.is_undefined() {
        None
    } else if let Some(s) = data_type_v.as_string() {
        Some(s.to_string().unwrap_or_default())
    } else {
        return Ok(Err(wrong_type("dataType", "String", &data_type_v)));
    };

    let body = if wx {
        let binary = if rt.is_undefined() {
            false
        } else if let Some(s) = rt.as_string() {
            s.to_string().unwrap_or_default() == "arraybuffer"
        } else {
            return Ok(Err(wrong_type("responseType", "String", &rt)));
        };
        match (binary, data_type.as_deref()) {
            (true, _) => Body::Binary,
            (false, None | Some("json")) => Body::WxJson,
            (false, Some(_)) => Body::WxText,
        }
    } else {
        match data_type.as_deref() {
            None | Some("json") => Body::MyJson,
            Some("text") => Body::MyText,
            Some("base64") => Body::MyBase64,
            Some("arraybuffer") => Body::Binary,
            Some(other) => {
                return Ok(Err(Error::param(format!(
                    "parameter.dataType should be one of json/text/base64/arraybuffer instead of {other};"
                ))))
            }
        }
    };

    let streaming = flags & FLAG_CHUNKED != 0;
    let http2 = flags & FLAG_HTTP2 != 0;
    let redirect = if flags & FLAG_MANUAL != 0 {
        Redirect::Manual
    } else {
        Redirect::Follow
    };

    Ok(Ok((
        RequestOptions {
            url,
            method,
            headers,
            data,
            timeout,
            redirect,
            dialect,
            api: Api::Request,
            streaming,
            http2,
        },
        body,
    )))
}

/// The `data` option as the network core takes it (SPEC §2, data encoding).
pub(crate) fn data_of<'js>(ctx: &Ctx<'js>, v: Value<'js>) -> Result<Data, Error> {
    match v.type_of() {
        Type::Undefined | Type::Uninitialized | Type::Null => Ok(Data::None),
        Type::Function | Type::Constructor | Type::Symbol => Ok(Data::None),
        Type::String => match v.as_string() {
            Some(s) => text_of(s, "data").map(Data::Text),
            None => Ok(Data::None),
        },
        _ => {
            if let Some(obj) = v.as_object() {
                if is_binary(obj) {
                    return Ok(bytes_of(&v)
                        .map(|b| Data::Binary(b.into()))
                        .unwrap_or(Data::None));
                }
            }
            match ctx.json_stringify(v) {
                Ok(Some(s)) => text_of(&s, "data").map(Data::Json),
                Ok(None) => Ok(Data::None),
                Err(_) => {
                    let ex = ctx.catch();
                    let msg = crate::console::describe(ctx, &ex);
                    let msg = msg.lines().next().unwrap_or("").to_string();
                    Err(Error::new(ErrorKind::UrlEncode, msg))
                }
            }
        }
    }
}

fn stop_error(why: Stop) -> Error {
    match why {
        Stop::Abort => Error::new(ErrorKind::Aborted, "abort"),
        Stop::Interrupt => Error::new(ErrorKind::Interrupted, "interrupted"),
    }
}

/// The response head, turned into JS values when first needed (a headers
/// listener, or the final object).
struct Head<'js> {
    status: u16,
    raw: Option<minihost_net::ResponseHead>,
    js: Option<(Object<'js>, Array<'js>)>,
}

impl<'js> Head<'js> {
    fn new(raw: minihost_net::ResponseHead) -> Self {
        Head {
            status: raw.status,
            raw: Some(raw),
            js: None,
        }
    }

    /// `(header object, cookies array)`.
    fn js(&mut self, ctx: &Ctx<'js>) -> rquickjs::Result<(Object<'js>, Array<'js>)> {
        if let Some(js) = &self.js {
            return Ok(js.clone());
        }
        let (header, cookies) = match self.raw.take() {
            Some(raw) => (
                header_object(ctx, raw.headers())?,
                string_array(ctx, raw.cookies())?,
            ),
            None => (Object::new(ctx.clone())?, Array::new(ctx.clone())?),
        };
        self.js = Some((header.clone(), cookies.clone()));
        Ok((header, cookies))
    }
}

/// What the future of one request holds.
struct Pump<'js> {
    ctx: Ctx<'js>,
    st: Rc<State>,
    reg: Rc<Registry>,
    task_id: u64,
    ctl: Rc<TaskCtl>,
    on_event: Function<'js>,
    /// The JS task object, `this` of `onEvent`.
    this: Value<'js>,
    dialect: Dialect,
    body: Body,
    log_id: Option<u64>,
}

impl<'js> Pump<'js> {
    /// `onEvent.call(task, ...)` with `args` = `(self.this(), ...)`,
    /// reporting an exception, then the microtasks.
    fn call<A>(&self, args: A)
    where
        A: rquickjs::function::IntoArgs<'js>,
    {
        invoke(&self.ctx, &self.st, &self.on_event, args);
    }

    /// `this` of `onEvent`: the task object.
    fn this(&self) -> This<Value<'js>> {
        This(self.this.clone())
    }
}

async fn pump<'js>(p: Pump<'js>, mut task: RequestTask) {
    let started = Instant::now();
    let mut head: Option<Head<'js>> = None;
    let mut status: Option<u16> = None;
    let mut end: (bool, Option<String>) = (false, None);
    loop {
        let ev = tokio::select! {
            biased;
            why = p.ctl.stopped() => {
                task.abort();
                Event::Failed(stop_error(why))
            }
            ev = task.next() => ev.unwrap_or_else(|| Event::Failed(Error::new(
                ErrorKind::Network,
                "the request ended without a response",
            ))),
        };
        if let Event::Headers(h) = &ev {
            status = Some(h.status);
        }
        let step = deliver(&p, &mut head, ev);
        match step {
            Ok(None) => continue,
            Ok(Some(outcome)) => {
                end = outcome;
                break;
            }
            Err(e) => {
                // A conversion failed (out of memory, ...): report it and end
                // the task with a failure so the contract still holds.
                report_error(&p.ctx, &p.st, e);
                let err = Error::new(ErrorKind::Network, "internal error");
                if let Ok(obj) = fail_object(&p.ctx, p.dialect, ApiName::Request, &err) {
                    p.call((p.this(), 4, obj));
                }
                end.1 = Some("internal error".into());
                break;
            }
        }
    }
    drop(task);
    p.reg.remove(p.task_id);
    if let Some(id) = p.log_id {
        p.st.events.write(serde_json::json!({
            "type": "request.end", "id": id,
            "status": status,
            "ok": end.0, "error": end.1,
            "ms": (started.elapsed().as_micros() as f64) / 1000.0,
        }));
    }
}

/// Delivers one event. `Some((ok, error))` when it was the terminal one.
fn deliver<'js>(
    p: &Pump<'js>,
    head: &mut Option<Head<'js>>,
    ev: Event,
) -> rquickjs::Result<Option<(bool, Option<String>)>> {
    let ctx = &p.ctx;
    match ev {
        Event::Headers(h) => {
            let mut hd = Head::new(h);
            if p.ctl.want_headers.get() {
                let (header, cookies) = hd.js(ctx)?;
                let status = hd.status;
                *head = Some(hd);
                p.call((p.this(), 1, status, header, cookies));
            } else {
                *head = Some(hd);
            }
            Ok(None)
        }
        Event::Chunk(b) => {
            if p.ctl.want_chunks.get() && !b.is_empty() {
                let ab = array_buffer(ctx, b)?;
                p.call((p.this(), 2, ab));
            }
            Ok(None)
        }
        Event::Done { body: bytes } => finish(p, head.take(), bytes).map(Some),
        Event::Failed(e) => {
            let obj = fail_object(ctx, p.dialect, ApiName::Request, &e)?;
            p.call((p.this(), 4, obj));
            Ok(Some((false, Some(e.wx().reason))))
        }
    }
}

/// Delivers the end of a response: `(3, data, status, header, cookies)` on
/// success (the glue builds the dialect's object), `(4, fail object)` for a
/// `my` HTTP status or decoding failure. Returns `(success?, error text)`.
fn finish<'js>(
    p: &Pump<'js>,
    head: Option<Head<'js>>,
    bytes: Bytes,
) -> rquickjs::Result<(bool, Option<String>)> {
    let ctx = &p.ctx;
    let mut head = head.unwrap_or(Head {
        status: 0,
        raw: None,
        js: None,
    });
    let (header, cookies) = head.js(ctx)?;
    let status = head.status;
    let (err, data) = match p.dialect {
        Dialect::Wx => (None, decode(ctx, p.body, bytes)?.unwrap_or_else(|v| v)),
        Dialect::My if status >= 400 => (
            Some(Error::new(ErrorKind::HttpStatus, "http status error")),
            decode(ctx, p.body, bytes)?.unwrap_or_else(|v| v),
        ),
        Dialect::My => match decode(ctx, p.body, bytes)? {
            Ok(v) => (None, v),
            Err(text) => (Some(Error::new(ErrorKind::Decode, "decode failed")), text),
        },
    };
    match err {
        None => {
            p.call((p.this(), 3, data, status, header, cookies));
            Ok((true, None))
        }
        Some(e) => {
            let o = fail_object(ctx, p.dialect, ApiName::Request, &e)?;
            o.set("data", data)?;
            o.set("status", status)?;
            o.set("headers", header)?;
            p.call((p.this(), 4, o));
            Ok((false, Some(e.my(ApiName::Request).message)))
        }
    }
}

/// Decodes the body. `Err(text)` when the dialect's decoding failed; the
/// value is then the body as (lossy) text.
fn decode<'js>(
    ctx: &Ctx<'js>,
    body: Body,
    bytes: Bytes,
) -> rquickjs::Result<Result<Value<'js>, Value<'js>>> {
    match body {
        Body::Binary => Ok(Ok(array_buffer(ctx, bytes)?.into_value())),
        Body::MyBase64 => {
            let s = base64::engine::general_purpose::STANDARD.encode(&bytes);
            Ok(Ok(s.into_js(ctx)?))
        }
        Body::WxText => lossy(ctx, bytes).map(Ok),
        Body::MyText => match std::str::from_utf8(&bytes) {
            Ok(s) => Ok(Ok(s.into_js(ctx)?)),
            Err(_) => lossy(ctx, bytes).map(Err),
        },
        Body::WxJson | Body::MyJson => {
            let json = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
            if !json.iter().all(u8::is_ascii_whitespace) && !json.contains(&0) {
                match ctx.json_parse(json) {
                    Ok(v) => return Ok(Ok(v)),
                    Err(rquickjs::Error::Exception) => {
                        let _ = ctx.catch();
                    }
                    Err(_) => {}
                }
            }
            let text = lossy(ctx, bytes)?;
            if body == Body::WxJson {
                Ok(Ok(text))
            } else {
                Ok(Err(text))
            }
        }
    }
}

fn lossy<'js>(ctx: &Ctx<'js>, bytes: Bytes) -> rquickjs::Result<Value<'js>> {
    match std::str::from_utf8(&bytes) {
        Ok(s) => s.into_js(ctx),
        Err(_) => String::from_utf8_lossy(&bytes).into_js(ctx),
    }
}
