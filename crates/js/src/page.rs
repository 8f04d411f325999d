//! Mini-program projects: `app.json`, `app.js`, page modules, and the
//! `App`/`Page`/`getApp`/`getCurrentPages` globals of `js/page.js`.
//!
//! A [`Project`] is either a project folder (an `app.json` in WeChat or
//! Alipay form, an `app.js`, page modules `pages/x/x.js` loaded when first
//! navigated to) or a single script (whose top-level `Page({...})`, if any,
//! becomes the one page, route = the file's stem). [`install`] adds the
//! native helpers `page.js` needs to the hidden `__mh` object and runs
//! `page.js`; the host then drives the app through `globalThis.__mhPages`:
//! [`launch`] once, [`prepare_call`]/[`call`] for each `--call`, [`exit`]
//! at the end.
//!
//! `networkTimeout` precedence (SPEC §2): a per-call `timeout` beats the
//! project's `app.json` `networkTimeout`, which beats `minihost.json`'s
//! `networkTimeout` (the app's own config is closer to the code than the
//! host's), which beats the dialect defaults. [`Project::apply_to`] merges
//! `app.json` into the [`AppConfig`] key by key.

use std::fs;
use std::io::Read;
use std::path::{Component, Path, PathBuf};
use std::rc::Rc;

use minihost_net::config::{AppConfig, NetworkTimeout};
use rquickjs::context::EvalOptions;
use rquickjs::{Ctx, Function, Object, Value};

/// `js/page.js` with the bytecode `build.rs` compiled from it.
const PAGE: crate::glue::Source = crate::glue::source!("page.js");

/// The glue: App, Page, navigation, the module loader (the source of the
/// bytecode [`install`] loads).
pub const PAGE_JS: &str = PAGE.src;

/// Largest source file a project may load (bytes).
const MAX_SOURCE: u64 = 16 * 1024 * 1024;

/// Whether the host runs a project folder or a single script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    /// A folder with `app.json`.
    Project,
    /// A single `.js` file.
    Script,
}

/// A mini-program project (or a single script) on disk.
#[derive(Debug, Clone)]
pub struct Project {
    /// The folder module paths are relative to (canonical).
    pub dir: PathBuf,
    /// Project or script.
    pub mode: Mode,
    /// In script mode, the script file; in project mode `app.js` (may not exist).
    pub main: PathBuf,
    /// Script mode: the route of the script's own `Page()` (its file stem).
    pub script_route: String,
    /// The parsed `app.json` (`{}` in script mode).
    pub app_json: serde_json::Value,
}

impl Project {
    /// Opens `path`: a folder must hold an `app.json`; a file is a script.
    pub fn open(path: &Path) -> Result<Project, String> {
        let meta =
            fs::metadata(path).map_err(|e| format!("cannot open {}: {e}", path.display()))?;
        if meta.is_dir() {
            let dir = path
                .canonicalize()
                .map_err(|e| format!("cannot open {}: {e}", path.display()))?;
            let app_path = dir.join("app.json");
            let text = fs::read_to_string(&app_path).map_err(|e| {
                format!(
                    "{} is not a mini-program project: cannot read app.json: {e}",
                    path.display()
                )
            })?;
            let app_json: serde_json::Value =
                serde_json::from_str(text.trim_start_matches('\u{feff}'))
                    .map_err(|e| format!("{}: {e}", app_path.display()))?;
            if !app_json.is_object() {
                return Err(format!("{}: must be a JSON object", app_path.display()));
            }
            let pages = page_routes(&app_json);
            if pages.is_empty() {
                return Err(format!("{}: \"pages\" lists no page", app_path.display()));
            }
            network_timeout_of(&app_json).map_err(|e| format!("{}: {e}", app_path.display()))?;
            Ok(Project {
                main: dir.join("app.js"),
                dir,
                mode: Mode::Project,
                script_route: String::new(),
                app_json,
            })
        } else {
            let file = path
                .canonicalize()
                .map_err(|e| format!("cannot open {}: {e}", path.display()))?;
            let dir = file
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_else(|| PathBuf::from("."));
            let stem = file
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "index".into());
            Ok(Project {
                dir,
                mode: Mode::Script,
                main: file,
                script_route: stem,
                app_json: serde_json::Value::Object(Default::default()),
            })
        }
    }

    /// The routes listed in `app.json` (`pages` plus sub-packages), in order.
    pub fn pages(&self) -> Vec<String> {
        page_routes(&self.app_json)
    }

    /// `app.json`'s `networkTimeout` (all `None` in script mode).
    pub fn network_timeout(&self) -> NetworkTimeout {
        network_timeout_of(&self.app_json).unwrap_or_default()
    }

    /// Merges `app.json`'s `networkTimeout` over the config's, key by key.
    pub fn apply_to(&self, cfg: &mut AppConfig) {
        let t = self.network_timeout();
        let c = &mut cfg.network_timeout;
        c.request = t.request.or(c.request);
        c.connect_socket = t.connect_socket.or(c.connect_socket);
        c.upload_file = t.upload_file.or(c.upload_file);
        c.download_file = t.download_file.or(c.download_file);
    }

    /// Reads a project file by its project-relative `/`-separated path.
    /// `None` for anything missing, not a regular file, too large, or outside
    /// the project folder (`..`, absolute paths, symlinks out).
    pub fn read(&self, rel: &str) -> Option<String> {
        let rel = Path::new(rel);
        if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
            return None;
        }
        let full = self.dir.join(rel).canonicalize().ok()?;
        if !full.starts_with(&self.dir) {
            return None;
        }
        let file = fs::File::open(&full).ok()?;
        let meta = file.metadata().ok()?;
        if !meta.is_file() || meta.len() > MAX_SOURCE {
            return None;
        }
        let mut text = String::new();
        file.take(MAX_SOURCE).read_to_string(&mut text).ok()?;
        Some(text.trim_start_matches('\u{feff}').to_string())
    }
}

fn page_routes(app: &serde_json::Value) -> Vec<String> {
    let clean = |s: &str| {
        s.trim_start_matches('/')
            .trim_end_matches(".js")
            .to_string()
    };
    let mut out: Vec<String> = app
        .get("pages")
        .and_then(|p| p.as_array())
        .map(|a| a.iter().filter_map(|v| v.as_str()).map(clean).collect())
        .unwrap_or_default();
    for key in ["subpackages", "subPackages"] {
        for sub in app
            .get(key)
            .and_then(|s| s.as_array())
            .into_iter()
            .flatten()
        {
            let root = sub.get("root").and_then(|r| r.as_str()).unwrap_or("");
            let root = root.trim_matches('/');
            for p in sub
                .get("pages")
                .and_then(|p| p.as_array())
                .into_iter()
                .flatten()
            {
                if let Some(p) = p.as_str() {
                    out.push(clean(&format!("{root}/{p}")));
                }
            }
        }
    }
    out
}

fn network_timeout_of(app: &serde_json::Value) -> Result<NetworkTimeout, String> {
    let Some(t) = app.get("networkTimeout") else {
        return Ok(NetworkTimeout::default());
    };
    let Some(obj) = t.as_object() else {
        return Err("networkTimeout must be an object".into());
    };
    let mut out = NetworkTimeout::default();
    for (k, v) in obj {
        let slot = match k.as_str() {
            "request" => &mut out.request,
            "connectSocket" => &mut out.connect_socket,
            "uploadFile" => &mut out.upload_file,
            "downloadFile" => &mut out.download_file,
            // app.json is the platform's file: keys minihost does not use are ignored.
            _ => continue,
        };
        match v.as_u64() {
            Some(ms) if ms > 0 => *slot = Some(ms),
            _ => {
                return Err(format!(
                    "networkTimeout.{k} must be a positive number of ms"
                ))
            }
        }
    }
    Ok(out)
}

/// One `--call ROUTE:METHOD[:JSON]`: `JSON` is an optional object with
/// `dataset`, `detail` and/or `type` for the tap-like event. An empty
/// `ROUTE` (`:onTap`) means the current page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    /// Page route, without leading `/`; empty means the current page.
    pub route: String,
    /// Method name.
    pub method: String,
    /// Extra event fields as JSON text.
    pub extra: Option<String>,
}

impl Call {
    /// Parses `ROUTE:METHOD[:JSON]`.
    pub fn parse(s: &str) -> Result<Call, String> {
        let mut it = s.splitn(3, ':');
        let route = it.next().unwrap_or("");
        let method = it.next().unwrap_or("");
        let extra = it.next();
        if method.is_empty()
            || !method
                .chars()
                .all(|c| c == '_' || c == '$' || c.is_alphanumeric())
        {
            return Err(format!("invalid --call {s:?}: expected PAGE_ROUTE:METHOD"));
        }
        if let Some(x) = extra {
            match serde_json::from_str::<serde_json::Value>(x) {
                Ok(serde_json::Value::Object(_)) => {}
                _ => {
                    return Err(format!(
                        "invalid --call {s:?}: the part after METHOD must be a JSON object"
                    ))
                }
            }
        }
        Ok(Call {
            route: route
                .trim_start_matches('/')
                .trim_end_matches(".js")
                .to_string(),
            method: method.to_string(),
            extra: extra.map(str::to_string),
        })
    }
}

/// Adds `projectRead`, `evalScript` and `projectInfo` (JSON text) to `mh` and runs
/// `page.js`, which defines `App`, `Page`, `getApp`, `getCurrentPages`,
/// the navigation APIs on `wx`/`my`, `__mhLive` and `__mhPages`. Run it
/// after the `wx`/`my` objects exist.
pub fn install<'js>(
    ctx: &Ctx<'js>,
    mh: &Object<'js>,
    project: Rc<Project>,
) -> rquickjs::Result<()> {
    let p = project.clone();
    mh.set(
        "projectRead",
        Function::new(ctx.clone(), move |path: String| p.read(&path))?,
    )?;
    mh.set(
        "evalScript",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>, src: String, name: String| {
                let mut opts = EvalOptions::default();
                opts.strict = false;
                opts.filename = Some(name);
                ctx.eval_with_options::<Value, _>(src, opts)
            },
        )?,
    )?;
    let info = serde_json::json!({
        "mode": match project.mode { Mode::Project => "project", Mode::Script => "script" },
        "route": project.script_route,
        "appJson": project.app_json,
    });
    let info = info.to_string();
    mh.set(
        "projectInfo",
        Function::new(ctx.clone(), move || info.clone())?,
    )?;
    run_page_js(ctx, &PAGE)
}

/// Runs `page.js`: from its build-time bytecode (parsing the source only if
/// it did not compile at build time).
fn run_page_js(ctx: &Ctx<'_>, page: &crate::glue::Source) -> rquickjs::Result<()> {
    crate::glue::eval(ctx, page).map(|_| ())
}

fn pages_obj<'js>(ctx: &Ctx<'js>) -> rquickjs::Result<Object<'js>> {
    ctx.globals().get("__mhPages")
}

/// Project mode: loads `app.js`, runs App `onLaunch`/`onShow`, opens the
/// entry page (`onLoad`/`onShow`/`onReady`). Script mode launches by itself
/// once the script has run; calling this is harmless.
pub fn launch(ctx: &Ctx<'_>) -> rquickjs::Result<()> {
    let f: Function = pages_obj(ctx)?.get("launch")?;
    f.call(())
}

/// Before `call`: opens the call's page when no live page has its route.
/// `Ok(true)` when it navigated, so the host should let that work settle
/// before [`call`].
pub fn prepare_call(ctx: &Ctx<'_>, call: &Call) -> rquickjs::Result<bool> {
    let f: Function = pages_obj(ctx)?.get("prepareCall")?;
    f.call((call.route.as_str(),))
}

/// Invokes the call's method on its page with a tap-like event.
pub fn call(ctx: &Ctx<'_>, call: &Call) -> rquickjs::Result<()> {
    let f: Function = pages_obj(ctx)?.get("call")?;
    f.call((
        call.route.as_str(),
        call.method.as_str(),
        call.extra.as_deref(),
    ))
}

/// At exit: hides the current page and the app, unloads every page
/// (interrupting their pending requests).
pub fn exit(ctx: &Ctx<'_>) -> rquickjs::Result<()> {
    let f: Function = pages_obj(ctx)?.get("exit")?;
    f.call(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tmp(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("minihost-page-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&d);
        fs::create_dir_all(&d).unwrap();
        d
    }

    /// `page.js` runs from its bytecode: with the source replaced by a
    /// syntax error it still defines the globals.
    #[test]
    fn page_js_runs_from_bytecode() {
        assert!(!PAGE.bytecode.is_empty(), "build.rs compiled page.js");
        let rt = rquickjs::Runtime::new().unwrap();
        let ctx = rquickjs::Context::full(&rt).unwrap();
        ctx.with(|ctx| {
            ctx.globals()
                .set("__mh", Object::new(ctx.clone()).unwrap())
                .unwrap();
            let broken = crate::glue::Source {
                name: "page.js",
                src: "this is not JavaScript (",
                bytecode: PAGE.bytecode,
            };
            run_page_js(&ctx, &broken).unwrap();
            let kinds: String = ctx
                .eval("typeof App + typeof Page + typeof getCurrentPages + typeof __mhPages.launch")
                .unwrap();
            assert_eq!(kinds, "functionfunctionfunctionfunction");
        });
    }

    #[test]
    fn call_parse() {
        let c = Call::parse("pages/index/index:onTap").unwrap();
        assert_eq!(
            (c.route.as_str(), c.method.as_str(), c.extra),
            ("pages/index/index", "onTap", None)
        );
        let c = Call::parse("/pages/a/a:go:{\"dataset\":{\"id\":1}}").unwrap();
        assert_eq!(c.route, "pages/a/a");
        assert_eq!(c.extra.as_deref(), Some("{\"dataset\":{\"id\":1}}"));
        assert_eq!(Call::parse(":onTap").unwrap().route, "");
        assert!(Call::parse("pages/a/a").is_err());
        assert!(Call::parse("pages/a/a:").is_err());
        assert!(Call::parse("pages/a/a:bad name").is_err());
        assert!(Call::parse("pages/a/a:go:[1]").is_err());
    }

    #[test]
    fn project_and_timeouts() {
        let d = tmp("proj");
        fs::write(
            d.join("app.json"),
            r#"{"pages":["pages/a/a","/pages/b/b.js"],"subpackages":[{"root":"sub/","pages":["c/c"]}],
               "networkTimeout":{"request":1234,"downloadFile":99},"window":{"defaultTitle":"x"}}"#,
        )
        .unwrap();
        let p = Project::open(&d).unwrap();
        assert_eq!(p.mode, Mode::Project);
        assert_eq!(p.pages(), vec!["pages/a/a", "pages/b/b", "sub/c/c"]);
        let mut cfg = AppConfig::default();
        cfg.network_timeout.request = Some(5);
        cfg.network_timeout.upload_file = Some(7);
        p.apply_to(&mut cfg);
        assert_eq!(cfg.network_timeout.request, Some(1234));
        assert_eq!(cfg.network_timeout.upload_file, Some(7));
        assert_eq!(cfg.network_timeout.download_file, Some(99));

        fs::write(
            d.join("app.json"),
            r#"{"pages":["a"],"networkTimeout":{"request":"x"}}"#,
        )
        .unwrap();
        assert!(Project::open(&d)
            .unwrap_err()
            .contains("networkTimeout.request"));
        fs::write(d.join("app.json"), r#"{"pages":[]}"#).unwrap();
        assert!(Project::open(&d).is_err());
        fs::remove_file(d.join("app.json")).unwrap();
        assert!(Project::open(&d).unwrap_err().contains("app.json"));
        let _ = fs::remove_dir_all(&d);
    }

    #[test]
    fn read_stays_inside() {
        let d = tmp("read");
        fs::create_dir_all(d.join("pages/a")).unwrap();
        fs::write(d.join("pages/a/a.js"), "\u{feff}Page({})").unwrap();
        fs::write(d.join("app.json"), r#"{"pages":["pages/a/a"]}"#).unwrap();
        let p = Project::open(&d).unwrap();
        assert_eq!(p.read("pages/a/a.js").as_deref(), Some("Page({})"));
        assert_eq!(p.read("pages/a/missing.js"), None);
        assert_eq!(p.read("../x.js"), None);
        assert_eq!(p.read("pages/../app.json"), None);
        assert_eq!(p.read("/etc/passwd"), None);
        assert_eq!(p.read("pages"), None);
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink("/etc/hostname", d.join("link.js")).unwrap();
            assert_eq!(p.read("link.js"), None);
        }
        let s = Project::open(&d.join("pages/a/a.js")).unwrap();
        assert_eq!(s.mode, Mode::Script);
        assert_eq!(s.script_route, "a");
        let _ = fs::remove_dir_all(&d);
    }
}
