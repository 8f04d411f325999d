//! Output and error reporting: the natives behind `console` (`__mh.print`),
//! uncaught-error reports (`__mh.uncaught`), the event log
//! (`__mh.emitEvent`), and the Rust helpers that call JS from a native
//! future and report what it throws.

use std::io::Write;
use std::rc::Rc;

use rquickjs::function::Args;
use rquickjs::{Coerced, Ctx, Exception, Function, IntoJs, Object, Value};

use crate::state::State;

/// Writes one line to stdout (`stream` 1) or stderr (anything else).
pub(crate) fn print_line(stream: i32, text: &str) {
    if stream == 1 {
        let out = std::io::stdout();
        let mut out = out.lock();
        let _ = out.write_all(text.as_bytes());
        let _ = out.write_all(b"\n");
    } else {
        let err = std::io::stderr();
        let mut err = err.lock();
        let _ = err.write_all(text.as_bytes());
        let _ = err.write_all(b"\n");
    }
}

/// Reports an uncaught error (already formatted) and marks the run failed.
/// After the time limit the exit code stays 124, but a callback that throws
/// while the host shuts down is still reported; only the engine's own
/// interrupt of a running script is not an error of the script.
pub(crate) fn report_uncaught(state: &State, text: &str) {
    if state.timed_out.get() {
        if text.starts_with("Uncaught InternalError: interrupted") {
            return;
        }
    } else {
        state.set_failed();
    }
    print_line(2, text);
    state
        .events
        .write(serde_json::json!({"type": "error", "message": text}));
}

/// Formats a thrown JS value like a browser console: `Name: message` and the
/// stack for errors, `String(value)` otherwise.
pub(crate) fn describe<'js>(ctx: &Ctx<'js>, v: &Value<'js>) -> String {
    if let Some(ex) = v
        .as_object()
        .and_then(|o| Exception::from_object(o.clone()))
    {
        let head = v
            .get::<Coerced<String>>()
            .map(|s| s.0)
            .unwrap_or_else(|_| ex.message().unwrap_or_default());
        let _ = ctx.catch();
        return match ex.stack() {
            Some(stack) if !stack.trim().is_empty() => {
                format!("{head}\n{}", stack.trim_end())
            }
            _ => head,
        };
    }
    let s = v
        .get::<Coerced<String>>()
        .map(|s| s.0)
        .unwrap_or_else(|_| format!("<{}>", v.type_name()));
    let _ = ctx.catch();
    s
}

/// Reports the pending exception of `err` (if it is one) as uncaught.
pub(crate) fn report_error(ctx: &Ctx<'_>, state: &State, err: rquickjs::Error) {
    let text = match err {
        rquickjs::Error::Exception => {
            let v = ctx.catch();
            format!("Uncaught {}", describe(ctx, &v))
        }
        other => format!("Uncaught {other}"),
    };
    report_uncaught(state, &text);
}

/// Runs every pending promise job (a microtask checkpoint), as browsers do
/// after each macrotask. Native futures call it after each callback.
pub(crate) fn run_jobs(ctx: &Ctx<'_>) {
    // Bounded by the time limit: a job that never stops queuing jobs is
    // interrupted by the interrupt handler, which makes each job throw.
    while ctx.execute_pending_job() {}
}

/// Calls `f(args)`, reports an exception, then runs the microtasks.
pub(crate) fn invoke<'js, A>(ctx: &Ctx<'js>, state: &State, f: &Function<'js>, args: A)
where
    A: rquickjs::function::IntoArgs<'js>,
{
    if let Err(e) = f.call::<A, ()>(args) {
        report_error(ctx, state, e);
    }
    run_jobs(ctx);
}

/// Calls `f` with prepared arguments (see [`invoke`]).
#[allow(dead_code)] // for API families with variable arguments
pub(crate) fn invoke_args<'js>(ctx: &Ctx<'js>, state: &State, f: &Function<'js>, args: Args<'js>) {
    if let Err(e) = f.call_arg::<()>(args) {
        report_error(ctx, state, e);
    }
    run_jobs(ctx);
}

/// Installs `__mh.print(stream, text)`, `__mh.uncaught(text)`,
/// `__mh.emitEvent(obj)` and `__mh.eventsOn`.
pub(crate) fn install<'js>(
    ctx: &Ctx<'js>,
    mh: &Object<'js>,
    state: &Rc<State>,
) -> rquickjs::Result<()> {
    mh.set(
        "print",
        Function::new(ctx.clone(), |stream: i32, text: Coerced<String>| {
            print_line(stream, &text.0)
        })?,
    )?;
    let st = state.clone();
    mh.set(
        "uncaught",
        Function::new(ctx.clone(), move |text: Coerced<String>| {
            report_uncaught(&st, &text.0)
        })?,
    )?;
    let st = state.clone();
    mh.set(
        "emitEvent",
        Function::new(ctx.clone(), move |ctx: Ctx<'js>, obj: Value<'js>| {
            if !st.events.enabled() || !obj.is_object() {
                return;
            }
            match ctx.json_stringify(obj) {
                Ok(Some(s)) => {
                    if let Ok(s) = s.to_string() {
                        st.events.write_json(&s);
                    }
                }
                _ => {
                    let _ = ctx.catch();
                }
            }
        })?,
    )?;
    mh.set("eventsOn", state.events.enabled().into_js(ctx)?)?;
    Ok(())
}
