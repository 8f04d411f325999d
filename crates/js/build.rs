//! Compiles the JS glue (`js/*.js`) to QuickJS bytecode at build time, so a
//! run loads bytecode (~15× faster than parsing: cold start matters).
//!
//! Each file becomes the default export of a module named `minihost:<file>`
//! (`export default <the file's expression>`), written to
//! `$OUT_DIR/<file>.qjsbc`, without the function sources (a quarter of
//! the size, less to load; line numbers stay, so stack traces are the same;
//! `String(wx.request)` shows `[native code]`, as a platform's own API
//! does). A file that does not compile gets an empty
//! bytecode file and a build warning; the host then parses its source at run
//! time (and reports the syntax error there).

use std::path::PathBuf;

use rquickjs::module::WriteOptions;
use rquickjs::{Context, Module, Runtime};

/// The glue files, in `js/`.
const FILES: [&str; 7] = [
    "core.js",
    "request.js",
    "ui.js",
    "transfer.js",
    "fs.js",
    "socket.js",
    "page.js",
];

fn main() {
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR is set by cargo"));
    let dir =
        PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo")).join("js");
    println!("cargo:rerun-if-changed=build.rs");
    let rt = Runtime::new().expect("QuickJS runtime");
    let ctx = Context::full(&rt).expect("QuickJS context");
    for file in FILES {
        let path = dir.join(file);
        println!("cargo:rerun-if-changed={}", path.display());
        let bytecode = match std::fs::read_to_string(&path) {
            Ok(src) => compile(&ctx, file, &src).unwrap_or_else(|e| {
                println!(
                    "cargo:warning=js/{file} does not compile ({e}); it will be parsed at run time"
                );
                Vec::new()
            }),
            Err(e) => {
                println!("cargo:warning=cannot read js/{file}: {e}");
                Vec::new()
            }
        };
        std::fs::write(out.join(format!("{file}.qjsbc")), bytecode).expect("write bytecode");
    }
}

fn compile(ctx: &Context, file: &str, src: &str) -> Result<Vec<u8>, String> {
    ctx.with(|ctx| {
        let body = src.trim_end().trim_end_matches(';');
        let module_src = format!("export default {body};\n");
        let module =
            Module::declare(ctx.clone(), format!("minihost:{file}"), module_src).map_err(|e| {
                match e {
                    rquickjs::Error::Exception => {
                        let v = ctx.catch();
                        v.as_exception()
                            .and_then(|x| x.message())
                            .unwrap_or_else(|| format!("{v:?}"))
                    }
                    other => other.to_string(),
                }
            })?;
        module
            .write(WriteOptions {
                strip_source: true,
                ..WriteOptions::default()
            })
            .map_err(|e| e.to_string())
    })
}
