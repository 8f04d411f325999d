//! WebSockets (`wx.connectSocket`, `my.connectSocket` and the global socket
//! APIs): the native half. The dialect behaviour is in `js/socket.js`.
//!
//! `__mh.socketConnect(dialect, options, onEvent)` reads and validates the
//! options synchronously, starts the socket on the app's
//! [`minihost_net::socket::SocketHub`] (one per host run, so the socket limit
//! is per app across both dialects) and spawns a future that turns the
//! socket's events into calls of `onEvent(kind, ...)`:
//!
//! | kind | arguments | when |
//! |---|---|---|
//! | 1 | header object, selected sub-protocol or `undefined` | open |
//! | 2 | string | a text message |
//! | 3 | `ArrayBuffer` (`wx`) / base64 string (`my`) | a binary message |
//! | 4 | error object (`wx` `{errMsg, errno}`, `my` `{error, errorMessage}`) | failure; a close follows |
//! | 5 | code, reason | closed; always last, exactly once |
//!
//! It returns a control function `ctl(op, a, b, c)`, or on a synchronous
//! failure (parameters, policy, socket limit) the fail object:
//!
//! | op | arguments | result |
//! |---|---|---|
//! | 0 | — | `readyState` (0–3) |
//! | 1 | data (string / `ArrayBuffer` / `Uint8Array`), isBuffer, done | `undefined`, then `done(ok, failObject)` once the frame is written or failed; or a fail object at once |
//! | 2 | code, reason | `undefined` or a fail object (bad code/reason) |
//! | 3 | — | closes with 1001 (host shutdown) |
//! | 4 | — | the socket's id |
//!
//! `__mh.socketError(dialect, which)` builds the fail objects the glue needs
//! without a socket: 0 send while not connected, 1 close while not
//! connected, 2 closed before it opened.

use std::cell::OnceCell;
use std::rc::Rc;
use std::time::Duration;

use base64::Engine as _;
use minihost_net::socket::{
    Message, SocketEvent, SocketEvents, SocketHandle, SocketHub, SocketOptions,
};
use minihost_net::{ApiName, Dialect, Error, ErrorKind};
use rquickjs::function::Opt;
use rquickjs::{Ctx, Function, IntoJs, Object, Value};

use crate::bytes::{array_buffer, bytes_of, is_binary};
use crate::console::{invoke, report_error};
use crate::convert::{dialect_of, fail_object, header_object, wrong_type};
use crate::options::{headers_of, truthy};
use crate::state::{State, TaskCtl};

/// Longest timeout a script may ask for (the browsers' timer limit).
const MAX_TIMEOUT_MS: f64 = 2_147_483_647.0;

/// The socket family's shared state: the app's hub, built on first use.
struct Sockets {
    state: Rc<State>,
    hub: OnceCell<Result<SocketHub, Error>>,
}

impl Sockets {
    fn hub(&self) -> Result<&SocketHub, Error> {
        self.hub
            .get_or_init(|| {
                let client = self.state.client()?;
                SocketHub::new(client)
            })
            .as_ref()
            .map_err(Clone::clone)
    }
}

/// Installs `__mh.socketConnect` and `__mh.socketError`.
pub(crate) fn install<'js>(
    ctx: &Ctx<'js>,
    mh: &Object<'js>,
    state: &Rc<State>,
) -> rquickjs::Result<()> {
    let sockets = Rc::new(Sockets {
        state: state.clone(),
        hub: OnceCell::new(),
    });
    mh.set(
        "socketConnect",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>,
                  dialect: i32,
                  opts: Object<'js>,
                  on_event: Function<'js>|
                  -> rquickjs::Result<Value<'js>> {
                connect(&ctx, &sockets, dialect_of(dialect), &opts, on_event)
            },
        )?,
    )?;
    mh.set(
        "socketError",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, dialect: i32, which: i32| -> rquickjs::Result<Object<'js>> {
                let (api, err) = match which {
                    0 => (ApiName::SendSocketMessage, not_connected()),
                    1 => (ApiName::CloseSocket, not_connected()),
                    _ => (
                        ApiName::ConnectSocket,
                        Error::new(ErrorKind::Network, "the socket was closed before it opened"),
                    ),
                };
                fail_object(&ctx, dialect_of(dialect), api, &err)
            },
        )?,
    )?;
    Ok(())
}

fn not_connected() -> Error {
    Error::new(ErrorKind::NotConnected, "WebSocket is not connected")
}

fn connect<'js>(
    ctx: &Ctx<'js>,
    sockets: &Rc<Sockets>,
    dialect: Dialect,
    o: &Object<'js>,
    on_event: Function<'js>,
) -> rquickjs::Result<Value<'js>> {
    let fail =
        |e: &Error| fail_object(ctx, dialect, ApiName::ConnectSocket, e).map(Object::into_value);
    let opts = match parse(dialect, o)? {
        Ok(p) => p,
        Err(e) => return fail(&e),
    };
    let st = &sockets.state;
    if st.stopping.get() {
        return fail(&Error::new(
            ErrorKind::Interrupted,
            "the host is shutting down",
        ));
    }
    let hub = match sockets.hub() {
        Ok(h) => h,
        Err(e) => return fail(&e),
    };
    let url = opts.url.clone();
    // The socket runs on this thread's JS scheduler, next to its events
    // pump: a message and the script's reply to it then need no task switch.
    let (handle, events, driver) = match hub.connect_driven(opts) {
        Ok(x) => x,
        Err(e) => return fail(&e),
    };
    ctx.spawn(driver);
    let log_id = if st.events.enabled() {
        let id = st.next_id();
        st.events.write(serde_json::json!({
            "type": "socket.start", "id": id, "dialect": dialect.as_str(), "url": url,
        }));
        Some(id)
    } else {
        None
    };
    let ctl = TaskCtl::new();
    // Connecting holds up the settle before a `--call`; once open (or
    // failed) the socket no longer does.
    ctl.set_hold(true);
    st.register(&ctl);
    ctx.spawn(pump(
        ctx.clone(),
        st.clone(),
        events,
        handle.clone(),
        ctl,
        on_event,
        dialect,
        log_id,
    ));
    let st = st.clone();
    let f = Function::new(
        ctx.clone(),
        move |ctx: Ctx<'js>,
              op: i32,
              a: Opt<Value<'js>>,
              b: Opt<Value<'js>>,
              c: Opt<Value<'js>>,
              d: Opt<Value<'js>>,
              e: Opt<Value<'js>>|
              -> rquickjs::Result<Value<'js>> {
            match op {
                0 => Ok(Value::new_int(ctx, handle.ready_state() as i32)),
                1 => send(
                    &ctx,
                    &st,
                    &handle,
                    dialect,
                    a.0,
                    b.0,
                    c.0.filter(Value::is_object)
                        .zip(e.0.and_then(Value::into_function))
                        .map(|(o, f)| SendDone {
                            sent: f,
                            opts: o,
                            on_success: d.0.is_some_and(|v| v.as_bool() == Some(true)),
                        }),
                ),
                2 => close(&ctx, &handle, dialect, a.0, b.0),
                3 => {
                    handle.shutdown();
                    Ok(Value::new_undefined(ctx))
                }
                _ => (handle.id() as f64).into_js(&ctx),
            }
        },
    )?;
    Ok(f.into_value())
}

/// Reads the options. The outer error is a JS exception (a throwing
/// getter); the inner one a parameter error for the fail callback.
fn parse(dialect: Dialect, o: &Object<'_>) -> rquickjs::Result<Result<SocketOptions, Error>> {
    let wx = dialect == Dialect::Wx;
    let url_v: Value = o.get("url")?;
    let url = match url_v.as_string() {
        Some(s) => match s.to_string() {
            Ok(u) => u,
            Err(_) => {
                return Ok(Err(Error::new(
                    ErrorKind::InvalidUrl,
                    "url is not valid UTF-16",
                )))
            }
        },
        // my: a missing URL is "URL parameter is empty" (error 3).
        None if !wx && (url_v.is_undefined() || url_v.is_null()) => {
            return Ok(Err(Error::new(ErrorKind::EmptyUrl, "")))
        }
        None => return Ok(Err(wrong_type("url", "String", &url_v))),
    };

    let headers = match headers_of(o, dialect, ("header", "headers"))? {
        Ok(h) => h,
        Err(e) => return Ok(Err(e)),
    };

    let pv: Value = o.get("protocols")?;
    let mut protocols = Vec::new();
    if !(pv.is_undefined() || pv.is_null()) {
        let Some(arr) = pv.as_array() else {
            return Ok(Err(wrong_type("protocols", "Array", &pv)));
        };
        for item in arr.iter::<Value>() {
            let item = item?;
            match item.as_string().map(|s| s.to_string()) {
                Some(Ok(s)) => protocols.push(s),
                _ => return Ok(Err(wrong_type("protocols[]", "String", &item))),
            }
        }
    }

    let timeout_v: Value = o.get("timeout")?;
    let timeout = match timeout_v.as_number() {
        Some(ms) if ms.is_finite() && ms > 0.0 => {
            Some(Duration::from_millis(ms.clamp(1.0, MAX_TIMEOUT_MS) as u64))
        }
        Some(_) => None,
        None if timeout_v.is_undefined() || timeout_v.is_null() => None,
        None => return Ok(Err(wrong_type("timeout", "Number", &timeout_v))),
    };

    Ok(Ok(SocketOptions {
        url,
        headers,
        protocols,
        timeout,
        dialect,
        tcp_no_delay: truthy(&o.get::<_, Value>("tcpNoDelay")?),
        per_message_deflate: truthy(&o.get::<_, Value>("perMessageDeflate")?),
    }))
}

/// Who hears the outcome of one send: the glue's shared `sent` function gets
/// `(opts, true)` / `(opts, false, failObject)` after the write and settles
/// `opts`; a success only when `on_success`. (Held by the waiting future
/// only: a reference from the control function would make a cycle the GC
/// cannot see.)
struct SendDone<'js> {
    sent: Function<'js>,
    opts: Value<'js>,
    on_success: bool,
}

/// `ctl(1, data, isBuffer, opts, onSuccess, sent)`: `opts` (an object) when
/// a callback wants the write's outcome, see [`SendDone`]; else nothing
/// waits.
fn send<'js>(
    ctx: &Ctx<'js>,
    st: &Rc<State>,
    handle: &SocketHandle,
    dialect: Dialect,
    data: Option<Value<'js>>,
    is_buffer: Option<Value<'js>>,
    done: Option<SendDone<'js>>,
) -> rquickjs::Result<Value<'js>> {
    let fail = |e: &Error| {
        fail_object(ctx, dialect, ApiName::SendSocketMessage, e).map(Object::into_value)
    };
    let data = data.unwrap_or_else(|| Value::new_undefined(ctx.clone()));
    let base64 = dialect == Dialect::My && is_buffer.as_ref().is_some_and(truthy);
    let msg = if let Some(s) = data.as_string() {
        let text = match s.to_string() {
            Ok(t) => t,
            Err(_) => return fail(&Error::param("parameter.data should be valid UTF-16;")),
        };
        if base64 {
            match base64::engine::general_purpose::STANDARD.decode(text.trim()) {
                Ok(b) => Message::Binary(b.into()),
                Err(_) => {
                    return fail(&Error::param(
                        "parameter.data should be base64 when isBuffer is true;",
                    ))
                }
            }
        } else {
            Message::Text(text)
        }
    } else if let Some(bytes) = data
        .as_object()
        .filter(|o| is_binary(o))
        .and_then(|_| bytes_of(&data))
    {
        Message::Binary(bytes.into())
    } else {
        let want = if dialect == Dialect::Wx {
            "String/ArrayBuffer"
        } else {
            "String"
        };
        return fail(&wrong_type("data", want, &data));
    };
    let receipt = match handle.send(msg) {
        Ok(r) => r,
        Err(e) => return fail(&e),
    };
    // Without callbacks (the glue passes none) nobody waits for the write.
    let Some(done) = done else {
        return Ok(Value::new_undefined(ctx.clone()));
    };
    let c = ctx.clone();
    let st = st.clone();
    ctx.spawn(async move {
        let SendDone {
            sent,
            opts,
            on_success,
        } = done;
        match receipt.written().await {
            Ok(()) if on_success => invoke(&c, &st, &sent, (opts, true)),
            Ok(()) => {}
            Err(e) => match fail_object(&c, dialect, ApiName::SendSocketMessage, &e) {
                Ok(obj) => invoke(&c, &st, &sent, (opts, false, obj)),
                Err(err) => report_error(&c, &st, err),
            },
        }
    });
    Ok(Value::new_undefined(ctx.clone()))
}

/// `ctl(2, code, reason)`.
fn close<'js>(
    ctx: &Ctx<'js>,
    handle: &SocketHandle,
    dialect: Dialect,
    code: Option<Value<'js>>,
    reason: Option<Value<'js>>,
) -> rquickjs::Result<Value<'js>> {
    let fail =
        |e: &Error| fail_object(ctx, dialect, ApiName::CloseSocket, e).map(Object::into_value);
    let code = match code {
        None => None,
        Some(v) if v.is_undefined() || v.is_null() => None,
        Some(v) => match v.as_number() {
            Some(n) if n.fract() == 0.0 && (0.0..=65535.0).contains(&n) => Some(n as u16),
            Some(n) => {
                return fail(&Error::param(format!(
                    "parameter.code should be 1000 or between 3000 and 4999 instead of {n};"
                )))
            }
            None => return fail(&wrong_type("code", "Number", &v)),
        },
    };
    let reason = match reason {
        None => String::new(),
        Some(v) if v.is_undefined() || v.is_null() => String::new(),
        Some(v) => match v.as_string().map(|s| s.to_string()) {
            Some(Ok(s)) => s,
            _ => return fail(&wrong_type("reason", "String", &v)),
        },
    };
    match handle.close(code, &reason) {
        Ok(()) => Ok(Value::new_undefined(ctx.clone())),
        Err(e) => fail(&e),
    }
}

#[allow(clippy::too_many_arguments)] // one future per socket: everything it needs, moved in
async fn pump<'js>(
    ctx: Ctx<'js>,
    st: Rc<State>,
    mut events: SocketEvents,
    handle: SocketHandle,
    ctl: Rc<TaskCtl>,
    on_event: Function<'js>,
    dialect: Dialect,
    log_id: Option<u64>,
) {
    let mut stopping = false;
    loop {
        let ev = if stopping {
            events.next().await
        } else {
            tokio::select! {
                _ = ctl.stopped() => {
                    // Time limit or shutdown: close; the close event still comes.
                    handle.shutdown();
                    stopping = true;
                    continue;
                }
                ev = events.next() => ev,
            }
        };
        let Some(ev) = ev else { break };
        ctl.set_hold(false);
        let last = matches!(ev, SocketEvent::Close { .. });
        if let (Some(id), SocketEvent::Close { code, reason }) = (log_id, &ev) {
            st.events.write(serde_json::json!({
                "type": "socket.close", "id": id, "code": code, "reason": reason,
            }));
        }
        if let Err(e) = deliver(&ctx, &st, &on_event, dialect, ev) {
            report_error(&ctx, &st, e);
        }
        if last {
            break;
        }
    }
}

fn deliver<'js>(
    ctx: &Ctx<'js>,
    st: &State,
    on_event: &Function<'js>,
    dialect: Dialect,
    ev: SocketEvent,
) -> rquickjs::Result<()> {
    match ev {
        SocketEvent::Open { headers, protocol } => {
            let header = header_object(ctx, headers.iter().map(|(k, v)| (k, v)))?;
            match protocol {
                Some(p) => invoke(ctx, st, on_event, (1, header, p)),
                None => invoke(ctx, st, on_event, (1, header)),
            }
        }
        SocketEvent::Text(t) => invoke(ctx, st, on_event, (2, t)),
        SocketEvent::Binary(b) => match dialect {
            Dialect::Wx => {
                let ab = array_buffer(ctx, b)?;
                invoke(ctx, st, on_event, (3, ab));
            }
            Dialect::My => {
                let s = base64::engine::general_purpose::STANDARD.encode(&b);
                invoke(ctx, st, on_event, (3, s));
            }
        },
        SocketEvent::Error(e) => {
            let obj = match dialect {
                Dialect::Wx => {
                    let o = Object::new(ctx.clone())?;
                    let wx = e.wx();
                    o.set("errMsg", wx.reason)?;
                    o.set("errno", wx.errno)?;
                    o
                }
                Dialect::My => fail_object(ctx, dialect, ApiName::ConnectSocket, &e)?,
            };
            invoke(ctx, st, on_event, (4, obj));
        }
        SocketEvent::Close { code, reason } => invoke(ctx, st, on_event, (5, code, reason)),
    }
    Ok(())
}
