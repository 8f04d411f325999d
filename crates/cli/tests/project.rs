//! Whole mini-program projects through `minihost run <dir>`: `app.json`
//! (WeChat and Alipay forms), `app.js`, lazily loaded page modules, the
//! App/Page lifecycles, `setData` path keys, navigation and
//! `getCurrentPages`, `--call`, `--events`, `networkTimeout` precedence and
//! page unload interrupting requests (`wx` "interrupted" / `my` error 1).
//!
//! Each test writes a project into a temp dir (`%SERVER%` in its files is
//! replaced by `https://api.minihost.test:PORT`), runs the built binary
//! against an in-process devserver and checks stdout, stderr, the exit code
//! and the `--events` JSON lines.

mod support;

use std::fs;
use std::path::{Path, PathBuf};

use minihost_devserver::{DevServer, ServeOptions};
use serde_json::{json, Value};
use support::{run_minihost, Run};

/// The host's own time limit for a run (unless a test sets one).
const TIME_LIMIT: &str = "20";

struct Env {
    server: DevServer,
    tmp: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        Env {
            server: DevServer::start(ServeOptions::default()).expect("devserver"),
            tmp: tempfile::tempdir().expect("tempdir"),
        }
    }

    fn base(&self) -> String {
        format!("https://api.minihost.test:{}", self.server.port())
    }

    /// Writes a project (`files`: path, text) with a generated
    /// `minihost.json` (`config` merged over it, top-level keys) and returns
    /// its dir.
    fn project(&self, name: &str, files: &[(&str, &str)], config: Value) -> PathBuf {
        let dir = self.tmp.path().join(name);
        let port = self.server.port();
        for (path, text) in files {
            let p = dir.join(path);
            fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
            fs::write(&p, text.replace("%SERVER%", &self.base())).expect("write");
        }
        let mut cfg = json!({
            "appid": "wxproject01234567",
            "domains": { "request": [format!("api.minihost.test:{port}")] },
            "resolve": [format!("api.minihost.test:{port}:127.0.0.1")],
            "caCerts": [self.server.ca_pem_path()],
        });
        if let (Value::Object(extra), Value::Object(base)) = (config, &mut cfg) {
            for (k, v) in extra {
                base.insert(k, v);
            }
        }
        fs::write(dir.join("minihost.json"), cfg.to_string()).expect("write config");
        dir
    }

    /// `minihost run <path> --events FILE [--time-limit 20] args...`.
    fn run(&self, path: &Path, args: &[&str]) -> Run {
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let work = self.tmp.path().join(format!("run-{name}-{}", unique()));
        let limit = (!args.contains(&"--time-limit")).then_some(TIME_LIMIT);
        run_minihost(path, &work, limit, args)
    }
}

/// Page/app lifecycle events as "route event" / "App event" strings.
fn lifecycle(run: &Run) -> Vec<String> {
    run.events
        .iter()
        .filter_map(|e| match e["type"].as_str() {
            Some("page") => Some(format!(
                "{} {}",
                e["route"].as_str().unwrap_or("?"),
                e["event"].as_str().unwrap_or("?")
            )),
            Some("app") => Some(format!("App {}", e["event"].as_str().unwrap_or("?"))),
            _ => None,
        })
        .collect()
}

fn unique() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    N.fetch_add(1, Ordering::Relaxed)
}

const TWO_PAGES: &str = r#"{"pages":["pages/index/index","pages/detail/detail"]}"#;

#[test]
fn launch_order_require_and_lazy_pages() {
    let env = Env::new();
    let dir = env.project(
        "launch",
        &[
            (
                "app.json",
                r#"{"pages":["pages/index/index","pages/broken/broken"],
                    "window":{"navigationBarTitleText":"x"}}"#,
            ),
            ("utils/util.js", "module.exports = { twice: function (n) { return n * 2; } };"),
            (
                "app.js",
                r#"const util = require('./utils/util.js');
App({
  globalData: { n: util.twice(21) },
  onLaunch(o) { console.log('App.onLaunch ' + o.path + ' ' + JSON.stringify(o.query)); },
  onShow() { console.log('App.onShow'); },
  onHide() { console.log('App.onHide'); },
});"#,
            ),
            (
                "pages/index/index.js",
                r#"const util = require('../../utils/util');
Page({
  data: { title: 'index' },
  onLoad(q) { console.log('onLoad ' + JSON.stringify(q) + ' ' + getApp().globalData.n + ' ' + this.route + ' ' + util.twice(2)); },
  onShow() { console.log('onShow ' + getCurrentPages().length); },
  onReady() { console.log('onReady ' + this.data.title); },
  onHide() { console.log('onHide'); },
  onUnload() { console.log('onUnload'); },
});"#,
            ),
            // Never navigated to: never loaded, so its syntax error is harmless.
            ("pages/broken/broken.js", "Page({ this is not javascript"),
        ],
        json!({}),
    );
    let r = env.run(&dir, &[]);
    assert_eq!(r.code, 0, "{}", r.dump());
    assert_eq!(
        r.lines(),
        [
            "App.onLaunch pages/index/index {}",
            "App.onShow",
            "onLoad {} 42 pages/index/index 4",
            "onShow 1",
            "onReady index",
            "onHide",
            "App.onHide",
            "onUnload"
        ],
        "{}",
        r.dump()
    );
    assert_eq!(
        lifecycle(&r),
        [
            "App onLaunch",
            "App onShow",
            "pages/index/index onLoad",
            "pages/index/index onShow",
            "pages/index/index onReady",
            "pages/index/index onHide",
            "App onHide",
            "pages/index/index onUnload"
        ]
    );
    // Every event has a time and the run ends with an exit event.
    assert!(r.events.iter().all(|e| e["t"].is_number()), "{}", r.dump());
    assert_eq!(
        r.events.last().map(|e| e["type"].clone()),
        Some(json!("exit"))
    );
}

#[test]
fn set_data_path_keys_and_events() {
    let env = Env::new();
    let dir = env.project(
        "setdata",
        &[
            ("app.json", r#"{"pages":["pages/index/index"]}"#),
            (
                "pages/index/index.js",
                r#"Page({
  data: { list: [{ name: 'a' }], a: { b: 1 } },
  tap(e) {
    this.setData({ 'list[0].name': 'b', 'a.b': 2, 'a.c': [1], 'grid[1][0]': 'g', 'n.m.k': true }, () => {
      console.log('cb ' + JSON.stringify(this.data));
    });
    console.log('now ' + JSON.stringify(this.data));
    console.log('event ' + e.type + ' ' + JSON.stringify(e.currentTarget.dataset));
  },
});"#,
            ),
        ],
        json!({}),
    );
    let r = env.run(&dir, &["--call", "pages/index/index:tap"]);
    assert_eq!(r.code, 0, "{}", r.dump());
    let data =
        r#"{"list":[{"name":"b"}],"a":{"b":2,"c":[1]},"grid":[null,["g"]],"n":{"m":{"k":true}}}"#;
    assert_eq!(
        r.lines(),
        [
            format!("now {data}"),
            "event tap {}".into(),
            format!("cb {data}")
        ],
        "{}",
        r.dump()
    );
    let sets = r.of("setData");
    assert_eq!(sets.len(), 1, "{}", r.dump());
    assert_eq!(sets[0]["route"], "pages/index/index");
    assert_eq!(
        sets[0]["keys"],
        json!(["list[0].name", "a.b", "a.c", "grid[1][0]", "n.m.k"])
    );
    let calls = r.of("call");
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0]["method"], "tap");
    // The call comes after the page is ready, the setData after the call.
    let pos = |ty: &str| {
        r.events
            .iter()
            .position(|e| e["type"] == ty)
            .expect("event")
    };
    let ready = r
        .events
        .iter()
        .position(|e| e["event"] == "onReady")
        .expect("onReady");
    assert!(
        ready < pos("call") && pos("call") < pos("setData"),
        "{}",
        r.dump()
    );
}

#[test]
fn navigation_stack_and_get_current_pages() {
    let env = Env::new();
    let page = |name: &str| {
        format!(
            r#"Page({{
  onLoad(q) {{ console.log('{name} onLoad ' + JSON.stringify(q) + ' ' + getCurrentPages().map(p => p.route.split('/')[1]).join(',')); }},
  onShow() {{ console.log('{name} onShow'); }},
  onHide() {{ console.log('{name} onHide'); }},
  onUnload() {{ console.log('{name} onUnload'); }},
  go(e) {{ wx.navigateTo({{ url: '../b/b?id=1&s=a%20b', success: (r) => console.log('nav ' + r.errMsg) }}); }},
  deeper() {{ wx.navigateTo({{ url: '/pages/c/c' }}); }},
  back2() {{ wx.navigateBack({{ delta: 2, complete: (r) => console.log('back ' + r.errMsg + ' ' + getCurrentPages().length) }}); }},
  redirect() {{ wx.redirectTo({{ url: '/pages/c/c?r=1' }}); }},
  relaunch() {{ wx.reLaunch({{ url: '/pages/b/b' }}); }},
  tab() {{ wx.navigateTo({{ url: '/pages/t/t', fail: (r) => console.log('tab ' + r.errMsg) }}); }},
}});"#
        )
    };
    let (a, b, c, t) = (page("a"), page("b"), page("c"), page("t"));
    let dir = env.project(
        "nav",
        &[
            (
                "app.json",
                r#"{"pages":["pages/a/a","pages/b/b","pages/c/c","pages/t/t"],
                    "tabBar":{"list":[{"pagePath":"pages/a/a","text":"A"},{"pagePath":"pages/t/t","text":"T"}]}}"#,
            ),
            ("pages/a/a.js", &a),
            ("pages/b/b.js", &b),
            ("pages/c/c.js", &c),
            ("pages/t/t.js", &t),
        ],
        json!({}),
    );
    let r = env.run(
        &dir,
        &[
            "--call",
            "pages/a/a:go",
            "--call",
            "pages/b/b:deeper",
            "--call",
            "pages/c/c:back2",
            "--call",
            "pages/a/a:tab",
            "--call",
            "pages/a/a:go",
            "--call",
            "pages/b/b:redirect",
            "--call",
            "pages/c/c:relaunch",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.dump());
    assert_eq!(
        r.lines(),
        [
            "a onLoad {} a",
            "a onShow",
            // go: query values are passed as written
            "a onHide",
            "b onLoad {\"id\":\"1\",\"s\":\"a%20b\"} a,b",
            "b onShow",
            "nav navigateTo:ok",
            // deeper
            "b onHide",
            "c onLoad {} a,b,c",
            "c onShow",
            // back2: top first
            "c onUnload",
            "b onUnload",
            "a onShow",
            "back navigateBack:ok 1",
            // tab: a tabBar page cannot be navigated to
            "tab navigateTo:fail can not navigateTo a tabbar page",
            // go again
            "a onHide",
            "b onLoad {\"id\":\"1\",\"s\":\"a%20b\"} a,b",
            "b onShow",
            "nav navigateTo:ok",
            // redirect: b unloads, c replaces it
            "b onUnload",
            "c onLoad {\"r\":\"1\"} a,c",
            "c onShow",
            // relaunch: everything unloads
            "c onUnload",
            "a onUnload",
            "b onLoad {} b",
            "b onShow",
            // exit
            "b onHide",
            "b onUnload"
        ],
        "{}",
        r.dump()
    );
    // Navigation calls are UI events and [ui] lines.
    let apis: Vec<&str> = r
        .of("ui")
        .iter()
        .filter_map(|e| e["api"].as_str())
        .collect();
    assert_eq!(
        apis,
        [
            "navigateTo",
            "navigateTo",
            "navigateBack",
            "navigateTo",
            "navigateTo",
            "redirectTo",
            "reLaunch"
        ],
        "{}",
        r.dump()
    );
    assert!(
        r.stderr.contains("[ui] navigateBack {\"delta\":2}"),
        "{}",
        r.dump()
    );
}

#[test]
fn switch_tab_alipay_form() {
    let env = Env::new();
    let page = |name: &str| {
        format!(
            r#"Page({{
  onLoad() {{ console.log('{name} onLoad'); }},
  onShow() {{ console.log('{name} onShow ' + getCurrentPages().map(p => p.route).join(',')); }},
  onHide() {{ console.log('{name} onHide'); }},
  onUnload() {{ console.log('{name} onUnload'); }},
  toTab() {{ my.switchTab({{ url: '/pages/tab2/tab2', success: () => console.log('switched') }}); }},
  toHome() {{ my.switchTab({{ url: '/pages/home/home' }}); }},
  open() {{ my.navigateTo({{ url: '/pages/detail/detail' }}); }},
  notTab() {{ my.switchTab({{ url: '/pages/detail/detail', fail: (e) => console.log('fail ' + e.error + ' ' + e.errorMessage) }}); }},
}});"#
        )
    };
    let (home, tab2, detail) = (page("home"), page("tab2"), page("detail"));
    // Alipay's app.json: window.defaultTitle, tabBar.items.
    let dir = env.project(
        "tabs",
        &[
            (
                "app.json",
                r#"{"pages":["pages/home/home","pages/tab2/tab2","pages/detail/detail"],
                    "window":{"defaultTitle":"Tabs"},
                    "tabBar":{"items":[{"pagePath":"pages/home/home","name":"Home"},{"pagePath":"pages/tab2/tab2","name":"Two"}]}}"#,
            ),
            ("app.js", "App({});"),
            ("pages/home/home.js", &home),
            ("pages/tab2/tab2.js", &tab2),
            ("pages/detail/detail.js", &detail),
        ],
        json!({"platform": "my"}),
    );
    let r = env.run(
        &dir,
        &[
            "--call",
            "pages/home/home:open",
            "--call",
            "pages/detail/detail:notTab",
            "--call",
            "pages/detail/detail:toTab",
            "--call",
            "pages/tab2/tab2:toHome",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.dump());
    assert_eq!(
        r.lines(),
        [
            "home onLoad",
            "home onShow pages/home/home",
            "home onHide",
            "detail onLoad",
            "detail onShow pages/home/home,pages/detail/detail",
            "fail 2 can not switch to no-tabBar page",
            // switchTab closes the non-tab pages; tab pages stay alive
            "detail onUnload",
            "tab2 onLoad",
            "tab2 onShow pages/tab2/tab2",
            "switched",
            "tab2 onHide",
            "home onShow pages/home/home",
            // exit: the kept tab page unloads too
            "home onHide",
            "home onUnload",
            "tab2 onUnload"
        ],
        "{}",
        r.dump()
    );
}

const INTERRUPT_A: &str = r#"Page({
  onLoad() {
    wx.request({ url: '%SERVER%/delay/5000', fail: (e) => console.log('wx ' + JSON.stringify(e)), success: () => console.log('wx success?') });
    my.request({ url: '%SERVER%/delay/5000', fail: (e) => console.log('my ' + JSON.stringify(e)), success: () => console.log('my success?') });
  },
  // The requests take 5 s: leave the page before they end.
  onReady() { setTimeout(() => this.leave(), 50); },
  onUnload() { console.log('a onUnload'); },
  leave() { wx.redirectTo({ url: '/pages/b/b' }); },
});"#;

#[test]
fn unload_interrupts_pending_requests() {
    let env = Env::new();
    let dir = env.project(
        "interrupt",
        &[
            ("app.json", r#"{"pages":["pages/a/a","pages/b/b"]}"#),
            (
                "app.js",
                "App({ onLaunch() { wx.request({ url: '%SERVER%/delay/200', success: (r) => console.log('app ' + r.statusCode) }); } });",
            ),
            ("pages/a/a.js", INTERRUPT_A),
            (
                "pages/b/b.js",
                "Page({ onLoad() { wx.request({ url: '%SERVER%/json', success: (r) => console.log('b ' + r.statusCode) }); } });",
            ),
        ],
        json!({}),
    );
    let r = env.run(&dir, &[]);
    assert_eq!(r.code, 0, "{}", r.dump());
    let out = r.lines();
    assert!(out.contains(&"a onUnload"), "{}", r.dump());
    assert!(
        out.contains(&r#"wx {"errMsg":"request:fail interrupted","errno":600003}"#),
        "{}",
        r.dump()
    );
    let my_line = out
        .iter()
        .find(|l| l.starts_with("my "))
        .unwrap_or_else(|| panic!("no my line\n{}", r.dump()));
    let my: Value = serde_json::from_str(&my_line[3..]).expect("my fail json");
    assert_eq!(my["error"], 1, "{}", r.dump());
    assert!(my["errorMessage"].is_string());
    // The app's request (no page current when it started) and the new page's are untouched.
    assert!(out.contains(&"app 200"), "{}", r.dump());
    assert!(out.contains(&"b 200"), "{}", r.dump());
    assert!(!r.stdout.contains("success?"), "{}", r.dump());
    // The unload comes before the interrupted ends in the event log.
    let unload = r
        .events
        .iter()
        .position(|e| e["event"] == "onUnload" && e["route"] == "pages/a/a")
        .expect("unload event");
    let ends: Vec<(usize, &Value)> = r
        .events
        .iter()
        .enumerate()
        .filter(|(_, e)| e["type"] == "request.end" && e["error"] == "interrupted")
        .collect();
    assert_eq!(ends.len(), 2, "{}", r.dump());
    assert!(ends.iter().all(|(i, _)| *i > unload), "{}", r.dump());
    let starts = r.of("request.start");
    assert_eq!(starts.len(), 4, "{}", r.dump());
}

#[test]
fn time_limit_unloads_and_interrupts() {
    let env = Env::new();
    let dir = env.project(
        "timelimit",
        &[
            ("app.json", r#"{"pages":["pages/a/a"]}"#),
            (
                "pages/a/a.js",
                "Page({ onLoad() { wx.request({ url: '%SERVER%/delay/30000', fail: (e) => console.log('fail ' + e.errMsg) }); }, onUnload() { console.log('unload'); } });",
            ),
        ],
        json!({}),
    );
    let r = env.run(&dir, &["--time-limit", "2"]);
    assert_eq!(r.code, 124, "{}", r.dump());
    assert_eq!(
        r.lines(),
        ["unload", "fail request:fail interrupted"],
        "{}",
        r.dump()
    );
    assert!(!r.of("timeLimit").is_empty(), "{}", r.dump());
}

#[test]
fn network_timeout_precedence() {
    let env = Env::new();
    let page = r#"Page({
  onLoad() {
    wx.request({ url: '%SERVER%/delay/4000', fail: (e) => console.log('app.json ' + e.errMsg), success: () => console.log('app.json ignored') });
    my.request({ url: '%SERVER%/delay/4000', fail: (e) => console.log('my ' + e.error) });
    wx.request({ url: '%SERVER%/delay/600', timeout: 10000, success: (r) => console.log('per-call ' + r.statusCode), fail: (e) => console.log('per-call ' + e.errMsg) });
  },
});"#;
    let dir = env.project(
        "timeouts",
        &[
            (
                "app.json",
                r#"{"pages":["pages/a/a"],"networkTimeout":{"request":300,"downloadFile":10000}}"#,
            ),
            ("pages/a/a.js", page),
        ],
        // minihost.json says 60 s: app.json wins over it, the per-call timeout over both.
        json!({"networkTimeout": {"request": 60000}}),
    );
    let r = env.run(&dir, &[]);
    assert_eq!(r.code, 0, "{}", r.dump());
    let mut out = r.lines();
    out.sort();
    assert_eq!(
        out,
        ["app.json request:fail timeout", "my 13", "per-call 200"],
        "{}",
        r.dump()
    );
}

#[test]
fn call_opens_a_closed_page_and_takes_event_json() {
    let env = Env::new();
    let dir = env.project(
        "callnav",
        &[
            ("app.json", TWO_PAGES),
            ("pages/index/index.js", "Page({ onLoad() { console.log('index'); } });"),
            (
                "pages/detail/detail.js",
                r#"Page({
  onLoad(q) { console.log('detail ' + JSON.stringify(q) + ' ' + getCurrentPages().length); },
  pick(e) { console.log('pick ' + e.type + ' ' + JSON.stringify(e.currentTarget.dataset) + ' ' + JSON.stringify(e.detail)); },
});"#,
            ),
        ],
        json!({}),
    );
    let r = env.run(
        &dir,
        &[
            "--call",
            r#"pages/detail/detail:pick:{"dataset":{"id":3},"detail":{"v":1}}"#,
        ],
    );
    assert_eq!(r.code, 0, "{}", r.dump());
    assert_eq!(
        r.lines(),
        ["index", "detail {} 2", r#"pick tap {"id":3} {"v":1}"#],
        "{}",
        r.dump()
    );
}

#[test]
fn bad_input_exits_2() {
    let env = Env::new();
    // No app.json.
    let dir = env.project("noapp", &[("app.js", "App({});")], json!({}));
    let r = env.run(&dir, &[]);
    assert_eq!(r.code, 2, "{}", r.dump());
    assert!(r.stderr.contains("app.json"), "{}", r.dump());
    // app.json that is not JSON / lists no page / bad networkTimeout.
    for (i, text) in [
        "{pages:",
        r#"{"pages":[]}"#,
        r#"{"pages":["a"],"networkTimeout":{"request":-1}}"#,
    ]
    .iter()
    .enumerate()
    {
        let dir = env.project(&format!("badapp{i}"), &[("app.json", text)], json!({}));
        let r = env.run(&dir, &[]);
        assert_eq!(r.code, 2, "{text}: {}", r.dump());
        assert!(r.stderr.contains("app.json"), "{}", r.dump());
    }
    // Bad --call syntax, unknown page, unknown method.
    let dir = env.project(
        "calls",
        &[
            ("app.json", TWO_PAGES),
            (
                "pages/index/index.js",
                "Page({ onUnload() { console.log('unloaded'); } });",
            ),
            ("pages/detail/detail.js", "Page({});"),
        ],
        json!({}),
    );
    let r = env.run(&dir, &["--call", "pages/index/index"]);
    assert_eq!(r.code, 2, "{}", r.dump());
    let r = env.run(&dir, &["--call", "pages/nope/nope:tap"]);
    assert_eq!(r.code, 2, "{}", r.dump());
    assert!(r.stderr.contains("pages/nope/nope"), "{}", r.dump());
    assert_eq!(r.lines(), ["unloaded"], "{}", r.dump());
    let r = env.run(&dir, &["--call", "pages/index/index:nope"]);
    assert_eq!(r.code, 2, "{}", r.dump());
    assert!(r.stderr.contains("no method \"nope\""), "{}", r.dump());
}

#[test]
fn errors_in_pages_exit_1() {
    let env = Env::new();
    let dir = env.project(
        "errors",
        &[
            ("app.json", TWO_PAGES),
            (
                "app.js",
                "App({ onError(m) { console.log('onError ' + m.split('\\n')[0]); } });",
            ),
            (
                "pages/index/index.js",
                "Page({ onShow() { console.log('shown'); }, go() { wx.navigateTo({ url: '../detail/detail', fail: (e) => console.log(e.errMsg.split(':')[0] + ' failed') }); } });",
            ),
            // A module that never calls Page().
            ("pages/detail/detail.js", "console.log('detail module ran');"),
        ],
        json!({}),
    );
    let r = env.run(&dir, &["--call", "pages/index/index:go"]);
    assert_eq!(r.code, 1, "{}", r.dump());
    let out = r.lines();
    assert_eq!(out[0], "shown", "{}", r.dump());
    assert!(out.contains(&"detail module ran"), "{}", r.dump());
    assert!(out.contains(&"navigateTo failed"), "{}", r.dump());
    assert!(
        out.iter()
            .any(|l| l.starts_with("onError") && l.contains("pages/detail/detail")),
        "{}",
        r.dump()
    );
    assert!(r.stderr.contains("Uncaught"), "{}", r.dump());

    // An exception in onLoad: reported, App.onError, onShow still runs.
    let dir = env.project(
        "errors2",
        &[
            ("app.json", r#"{"pages":["pages/index/index"]}"#),
            (
                "app.js",
                "App({ onError(m) { console.log('onError ' + m.split('\\n')[0]); } });",
            ),
            (
                "pages/index/index.js",
                "Page({ onLoad() { null.x; }, onShow() { console.log('shown'); } });",
            ),
        ],
        json!({}),
    );
    let r = env.run(&dir, &[]);
    assert_eq!(r.code, 1, "{}", r.dump());
    assert_eq!(r.lines().len(), 2, "{}", r.dump());
    assert!(
        r.lines()[0].starts_with("onError TypeError"),
        "{}",
        r.dump()
    );
    assert_eq!(r.lines()[1], "shown", "{}", r.dump());
    assert_eq!(r.of("error").len(), 1, "{}", r.dump());
}

#[test]
fn headless_ui_lines_and_events() {
    let env = Env::new();
    let dir = env.project(
        "ui",
        &[
            ("app.json", r#"{"pages":["pages/index/index"]}"#),
            (
                "pages/index/index.js",
                r#"Page({
  tap() {
    my.showLoading({ content: 'loading' });
    my.confirm({ content: 'sure?', success: (r) => {
      my.hideLoading();
      my.alert({ content: 'success', success: () => console.log('alert closed ' + r.confirm) });
    } });
    wx.showModal({ title: 'T', content: 'C', success: (r) => console.log('modal ' + r.confirm) });
    console.log('canIUse ' + my.canIUse('request') + ' ' + my.canIUse('getLocation'));
  },
});"#,
            ),
        ],
        json!({"platform": "my"}),
    );
    let r = env.run(&dir, &["--call", "pages/index/index:tap"]);
    assert_eq!(r.code, 0, "{}", r.dump());
    let mut out = r.lines();
    assert_eq!(out.remove(0), "canIUse true false", "{}", r.dump());
    out.sort();
    assert_eq!(out, ["alert closed true", "modal true"], "{}", r.dump());
    let ui: Vec<&str> = r
        .stderr
        .lines()
        .filter(|l| l.starts_with("[ui] "))
        .collect();
    assert_eq!(
        ui,
        [
            r#"[ui] showLoading {"content":"loading"}"#,
            r#"[ui] confirm {"content":"sure?"}"#,
            r#"[ui] showModal {"title":"T","content":"C"}"#,
            r#"[ui] hideLoading {}"#,
            r#"[ui] alert {"content":"success"}"#
        ],
        "{}",
        r.dump()
    );
    let apis: Vec<&str> = r
        .of("ui")
        .iter()
        .filter_map(|e| e["api"].as_str())
        .collect();
    assert_eq!(
        apis,
        [
            "showLoading",
            "confirm",
            "showModal",
            "hideLoading",
            "alert"
        ]
    );
    assert_eq!(r.of("ui")[4]["options"], json!({"content": "success"}));
}

#[test]
fn script_mode_page_with_call() {
    let env = Env::new();
    let dir = env.tmp.path().join("script");
    fs::create_dir_all(&dir).expect("mkdir");
    let script = dir.join("counter.js");
    fs::write(
        &script,
        r#"App({ onLaunch() { console.log('launch'); } });
Page({
  data: { n: 0 },
  onLoad() { console.log('load ' + this.route + ' ' + getCurrentPages().length); },
  inc() { this.setData({ n: this.data.n + 1 }); console.log('n ' + this.data.n); },
});
console.log('script done');"#,
    )
    .expect("write");
    let r = env.run(&script, &["--call", "counter:inc", "--call", ":inc"]);
    assert_eq!(r.code, 0, "{}", r.dump());
    assert_eq!(
        r.lines(),
        ["script done", "launch", "load counter 1", "n 1", "n 2"],
        "{}",
        r.dump()
    );
    assert_eq!(r.of("setData").len(), 2);
}
