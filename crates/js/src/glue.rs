//! Loading the JS glue: from the bytecode `build.rs` made (fast), else by
//! parsing the source (a glue file that did not compile at build time).

use rquickjs::context::EvalOptions;
use rquickjs::promise::PromiseState;
use rquickjs::{Ctx, Module, Value};

/// One glue file: its name under `js/`, its source and its bytecode (the
/// default export of module `minihost:<name>`; empty if it did not compile).
pub(crate) struct Source {
    /// File name under `js/`, e.g. `request.js`.
    pub(crate) name: &'static str,
    /// The source text.
    pub(crate) src: &'static str,
    /// Bytecode from `build.rs`.
    pub(crate) bytecode: &'static [u8],
}

/// `Source` of `js/<name>` with its bytecode, at compile time.
macro_rules! source {
    ($name:literal) => {
        $crate::glue::Source {
            name: $name,
            src: include_str!(concat!("../js/", $name)),
            bytecode: include_bytes!(concat!(env!("OUT_DIR"), "/", $name, ".qjsbc")),
        }
    };
}
pub(crate) use source;

/// Evaluates a glue file and returns its value (the function expression it
/// holds; `undefined` for a file that runs itself, like `page.js`).
pub(crate) fn eval<'js>(ctx: &Ctx<'js>, s: &Source) -> rquickjs::Result<Value<'js>> {
    if !s.bytecode.is_empty() {
        if let Ok(module) = load(ctx, s.bytecode) {
            let (module, done) = module.eval()?;
            match done.state() {
                PromiseState::Rejected => {
                    // Rethrow the module's exception (marks the promise handled).
                    let _ = done.result::<Value>();
                    return Err(rquickjs::Error::Exception);
                }
                _ => return module.get("default"),
            }
        }
        let _ = ctx.catch();
    }
    let mut opts = EvalOptions::default();
    opts.filename = Some(format!("minihost:{}", s.name));
    ctx.eval_with_options(s.src, opts)
}

// `Module::load` is unsafe because malformed bytecode can corrupt the
// engine. These bytes are not input: `build.rs` wrote them from this crate's
// own `js/` files with the same QuickJS (same rquickjs-sys) at build time,
// and `include_bytes!` compiled them in.
#[allow(unsafe_code)] // trusted, build-time bytecode of our own glue (see above)
fn load<'js>(ctx: &Ctx<'js>, bytecode: &'static [u8]) -> rquickjs::Result<Module<'js>> {
    // SAFETY: see the comment above; the slice is 'static as the engine's
    // ROM-data loading requires.
    unsafe { Module::load(ctx.clone(), bytecode) }
}
