// App, Page, getApp, getCurrentPages, navigation and the project loader.
//
// Installed after core.js, request.js and ui.js. Native helpers (crates/js/src/page.rs):
//   __mh.projectRead(path)         text of a file under the project dir, or undefined
//   __mh.evalScript(src, name)     evaluates a script, returns its completion value
//   __mh.projectInfo()             JSON text {mode: "project"|"script", route, appJson}
//   __mh.emitEvent(obj), __mh.eventsOn   host events (`--events` lines), console.rs
// and from the other glue: __mhReportError (core.js), __mhUiLine (ui.js),
// __mhLive (defined here, used by request.js to tag requests with a page).
// The host drives the app through globalThis.__mhPages (launch, call, exit).
(function (g) {
  'use strict';
  const mh = g.__mh;
  const info = mh.projectInfo ? JSON.parse(mh.projectInfo()) : { mode: 'script', route: 'index' };
  const appJson = info.appJson && typeof info.appJson === 'object' ? info.appJson : {};
  const projectMode = info.mode === 'project';

  const MAX_STACK = 10;
  const state = {
    app: undefined,
    appLaunched: false,
    defs: new Map(), // route -> Page definition
    loading: [], // routes whose module is being evaluated
    stack: [], // live page instances, bottom first
    tabs: new Map(), // tab route -> live instance kept when switching away
    modules: new Map(), // path -> module
    nextId: 1,
    scriptPage: null, // definition given by Page() in script mode
    scheduled: false,
    exited: false,
  };

  // ---------------------------------------------------------------- helpers

  function emit(type, fields) {
    if (!mh.eventsOn || typeof mh.emitEvent !== 'function') return;
    const ev = { type: type };
    for (const k in fields) ev[k] = fields[k];
    try {
      mh.emitEvent(ev);
    } catch (e) {
      // Events are a side channel: never let them break the app.
    }
  }

  function report(e, where) {
    if (typeof g.__mhReportError === 'function') {
      g.__mhReportError(e, where);
    } else {
      console.error((where ? where + ': ' : '') + (e && e.stack ? e + '\n' + e.stack : String(e)));
    }
    const app = state.app;
    if (app && typeof app.onError === 'function') {
      try {
        app.onError(String(e && e.stack ? e + '\n' + e.stack : e));
      } catch (e2) {
        console.error('App.onError threw: ' + e2);
      }
    }
  }

  function later(fn) {
    // A macrotask, so UI-thread work lands after the current job like on a device.
    if (typeof g.setTimeout === 'function') g.setTimeout(fn, 0);
    else Promise.resolve().then(fn);
  }

  // Data is copied like the platform's JSON transfer: functions dropped,
  // undefined object members dropped, ArrayBuffers kept.
  function clone(v, depth) {
    if (depth > 512) throw new TypeError('setData: data is nested too deeply (cycle?)');
    if (v === null || typeof v !== 'object') return typeof v === 'function' ? undefined : v;
    if (v instanceof ArrayBuffer || ArrayBuffer.isView(v)) return v;
    if (v instanceof Date) return v.toJSON();
    if (Array.isArray(v)) {
      const out = new Array(v.length);
      for (let i = 0; i < v.length; i++) {
        const c = clone(v[i], depth + 1);
        out[i] = c === undefined ? null : c;
      }
      return out;
    }
    const out = {};
    for (const k of Object.keys(v)) {
      const c = clone(v[k], depth + 1);
      if (c !== undefined) out[k] = c;
    }
    return out;
  }

  // 'a.b[0].c' -> ['a', 'b', 0, 'c']; null when it is not a path.
  function parsePath(key) {
    const out = [];
    let i = 0;
    const n = key.length;
    let name = '';
    let expectName = true;
    while (i < n) {
      const ch = key[i];
      if (ch === '\\' && i + 1 < n && (key[i + 1] === '.' || key[i + 1] === '[')) {
        name += key[i + 1];
        i += 2;
        expectName = false;
        continue;
      }
      if (ch === '.') {
        if (name === '' && expectName) return null;
        if (name !== '') out.push(name);
        name = '';
        expectName = true;
        i++;
        continue;
      }
      if (ch === '[') {
        if (name !== '') out.push(name);
        else if (out.length === 0) return null;
        name = '';
        const close = key.indexOf(']', i);
        if (close < 0) return null;
        const idx = key.slice(i + 1, close);
        if (!/^\d+$/.test(idx)) return null;
        out.push(Number(idx));
        i = close + 1;
        expectName = false;
        if (i < n && key[i] !== '.' && key[i] !== '[') return null;
        continue;
      }
      name += ch;
      expectName = false;
      i++;
    }
    if (name !== '') out.push(name);
    else if (expectName) return null;
    return out.length ? out : null;
  }

  function setPath(data, key, value) {
    const path = parsePath(key);
    if (!path) {
      data[key] = value;
      return;
    }
    if (path.some((seg) => seg === '__proto__' || seg === 'constructor' || seg === 'prototype')) {
      console.error('setData: refused path "' + key + '"');
      return;
    }
    let cur = data;
    for (let i = 0; i < path.length - 1; i++) {
      const seg = path[i];
      const next = cur[seg];
      if (next === null || typeof next !== 'object') {
        cur[seg] = typeof path[i + 1] === 'number' ? [] : {};
      }
      cur = cur[seg];
    }
    cur[path[path.length - 1]] = value;
  }

  // ----------------------------------------------------------- module loader

  function normalize(path, from) {
    const parts = [];
    const start = path.startsWith('/') ? [] : from.split('/').slice(0, -1);
    for (const p of start.concat(path.split('/'))) {
      if (p === '' || p === '.') continue;
      if (p === '..') {
        if (parts.length === 0) return null;
        parts.pop();
      } else parts.push(p);
    }
    return parts.join('/');
  }

  function findModule(spec, from) {
    const bases = [normalize(spec, from)];
    if (!spec.startsWith('.') && !spec.startsWith('/')) bases.push(normalize(spec, ''));
    for (const b of bases) {
      if (b === null || b === '') continue;
      for (const c of [b, b + '.js', b + '/index.js']) {
        if (state.modules.has(c)) return { path: c, src: null };
        if (!c.endsWith('.js') && !c.endsWith('.json')) continue;
        const src = mh.projectRead(c);
        if (typeof src === 'string') return { path: c, src: src };
      }
    }
    return null;
  }

  function makeRequire(from) {
    return function require(spec) {
      if (typeof spec !== 'string') throw new TypeError('require args must be a string');
      const found = findModule(spec, from);
      if (!found) throw new Error('module "' + spec + '" is not defined (required from ' + from + ')');
      return loadModule(found.path, found.src);
    };
  }

  function loadModule(path, src) {
    const cached = state.modules.get(path);
    if (cached) return cached.exports;
    if (src === null || src === undefined) src = mh.projectRead(path);
    if (typeof src !== 'string') throw new Error('module "' + path + '" is not defined');
    const module = { exports: {}, id: path, filename: path };
    state.modules.set(path, module);
    if (path.endsWith('.json')) {
      module.exports = JSON.parse(src);
      return module.exports;
    }
    // One line of prefix, so line numbers in stacks stay the file's own.
    const fn = mh.evalScript(
      '(function (require, module, exports, global) {' + src + '\n})',
      path
    );
    fn.call(module.exports, makeRequire(path), module, module.exports, g);
    return module.exports;
  }

  // ------------------------------------------------------------------ App

  function App(def) {
    if (state.app) {
      console.error('App() can only be called once; this call is ignored');
      return;
    }
    const app = {};
    if (def && typeof def === 'object') {
      for (const k of Object.keys(def)) app[k] = def[k];
    }
    if (app.globalData === undefined) app.globalData = {};
    state.app = app;
    if (!projectMode) schedule();
  }

  function getApp() {
    return state.app;
  }

  // ----------------------------------------------------------------- Page

  const pageProto = {
    setData(obj, cb) {
      if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
        console.error('setData: the argument must be an object, got ' + typeof obj);
        return;
      }
      const keys = Object.keys(obj);
      for (const k of keys) {
        let v = clone(obj[k], 0);
        if (v === undefined) {
          console.warn('setData: the value of "' + k + '" is undefined and is ignored');
          continue;
        }
        setPath(this.data, k, v);
      }
      emit('setData', { route: this.route, keys: keys });
      if (typeof cb === 'function') {
        const self = this;
        later(function () {
          try {
            cb.call(self);
          } catch (e) {
            report(e, 'setData callback');
          }
        });
      }
    },
    // Alipay: $spliceData({'a.b': [start, deleteCount, ...items]}, cb)
    $spliceData(obj, cb) {
      if (obj === null || typeof obj !== 'object') return;
      const keys = Object.keys(obj);
      for (const k of keys) {
        const args = obj[k];
        if (!Array.isArray(args)) continue;
        const path = parsePath(k) || [k];
        if (path.some((seg) => seg === '__proto__' || seg === 'constructor' || seg === 'prototype')) continue;
        let cur = this.data;
        for (let i = 0; i < path.length - 1 && cur; i++) cur = cur[path[i]];
        const last = path[path.length - 1];
        if (!cur) continue;
        if (!Array.isArray(cur[last])) cur[last] = [];
        cur[last].splice.apply(cur[last], [args[0], args[1]].concat(args.slice(2).map((x) => clone(x, 0))));
      }
      emit('setData', { route: this.route, keys: keys, splice: true });
      if (typeof cb === 'function') {
        const self = this;
        later(function () {
          try {
            cb.call(self);
          } catch (e) {
            report(e, '$spliceData callback');
          }
        });
      }
    },
    getTabBar() {
      return null;
    },
    selectComponent() {
      return null;
    },
    selectAllComponents() {
      return [];
    },
    createSelectorQuery() {
      return null;
    },
  };

  function Page(def) {
    const route = state.loading[state.loading.length - 1];
    if (route !== undefined) {
      if (state.defs.has(route)) {
        console.error('Page() for "' + route + '" was already called; this call is ignored');
        return;
      }
      state.defs.set(route, def || {});
      return;
    }
    if (projectMode) {
      console.error('Page() was called outside a page module load (in an async task?); ignored');
      return;
    }
    if (state.scriptPage) {
      console.error('Page() can only be called once in a script; this call is ignored');
      return;
    }
    state.scriptPage = def || {};
    state.defs.set(info.route, state.scriptPage);
    schedule();
  }

  function definition(route) {
    if (state.defs.has(route)) return state.defs.get(route);
    state.loading.push(route);
    try {
      loadModule(route + '.js');
    } finally {
      state.loading.pop();
    }
    if (!state.defs.has(route)) {
      throw new Error('Page[' + route + '] not found: its module did not call Page()');
    }
    return state.defs.get(route);
  }

  function createPage(route, query) {
    const def = definition(route);
    const page = Object.create(pageProto);
    for (const k of Object.keys(def)) {
      if (k === 'data') continue;
      page[k] = def[k];
    }
    page.data = clone(def.data || {}, 0);
    Object.defineProperty(page, '__id', { value: state.nextId++ });
    page.route = route;
    page.__route__ = route;
    page.options = query;
    page.$viewId = page.__id;
    return page;
  }

  function hook(page, name, arg) {
    emit('page', { route: page.route, event: name });
    if (typeof page[name] !== 'function') return;
    try {
      if (arguments.length > 2) page[name](arg);
      else page[name]();
    } catch (e) {
      report(e, page.route + ' ' + name);
    }
  }

  function appHook(name, arg) {
    const app = state.app;
    emit('app', { event: name });
    if (!app || typeof app[name] !== 'function') return;
    try {
      app[name](arg);
    } catch (e) {
      report(e, 'App ' + name);
    }
  }

  function openPage(route, query) {
    const page = createPage(route, query);
    state.stack.push(page);
    hook(page, 'onLoad', query);
    hook(page, 'onShow');
    hook(page, 'onReady');
    return page;
  }

  function showPage(page) {
    hook(page, 'onShow');
  }

  function unloadPage(page) {
    if (page.__unloaded) return;
    Object.defineProperty(page, '__unloaded', { value: true });
    hook(page, 'onUnload');
    interruptRequests(page.__id);
  }

  function current() {
    return state.stack[state.stack.length - 1];
  }

  // -------------------------------------------- requests tagged with a page

  // request.js calls __mhLive.track(interrupt) when a request starts and the
  // returned function when it ends. A page unload calls interrupt() on every
  // request started while that page was the current one.
  const live = new Map(); // id -> {page, interrupt}
  let liveNext = 1;
  const liveApi = {
    track(interrupt) {
      const top = current();
      if (!top || typeof interrupt !== 'function') return function () {};
      const id = liveNext++;
      live.set(id, { page: top.__id, interrupt: interrupt });
      return function () {
        live.delete(id);
      };
    },
    count() {
      return live.size;
    },
  };

  function interruptRequests(pageId) {
    for (const [id, entry] of Array.from(live.entries())) {
      if (entry.page !== pageId) continue;
      live.delete(id);
      try {
        entry.interrupt();
      } catch (e) {
        report(e, 'interrupt');
      }
    }
  }

  // -------------------------------------------------------------- routes

  function pageList() {
    const out = [];
    if (Array.isArray(appJson.pages)) for (const p of appJson.pages) if (typeof p === 'string') out.push(p);
    const subs = appJson.subpackages || appJson.subPackages;
    if (Array.isArray(subs)) {
      for (const s of subs) {
        if (!s || typeof s.root !== 'string' || !Array.isArray(s.pages)) continue;
        const root = s.root.replace(/\/+$/, '');
        for (const p of s.pages) if (typeof p === 'string') out.push(root + '/' + p);
      }
    }
    return out.map((p) => p.replace(/^\/+/, '').replace(/\.js$/, ''));
  }
  const routes = pageList();

  function tabRoutes() {
    const tb = appJson.tabBar;
    const list = tb && (Array.isArray(tb.list) ? tb.list : Array.isArray(tb.items) ? tb.items : null);
    const out = new Set();
    if (list) {
      for (const it of list) {
        if (it && typeof it.pagePath === 'string') out.add(it.pagePath.replace(/^\/+/, '').replace(/\.js$/, ''));
      }
    }
    return out;
  }
  const tabs = tabRoutes();

  function knownRoute(route) {
    if (projectMode) return routes.indexOf(route) >= 0;
    return state.defs.has(route) || mh.projectRead(route + '.js') !== undefined;
  }

  function entryRoute() {
    if (!projectMode) return info.route;
    if (typeof appJson.entryPagePath === 'string' && appJson.entryPagePath) {
      return appJson.entryPagePath.replace(/^\/+/, '').replace(/\.js$/, '');
    }
    return routes[0];
  }

  function parseQuery(qs) {
    const q = {};
    if (!qs) return q;
    for (const part of qs.split('&')) {
      if (!part) continue;
      const eq = part.indexOf('=');
      // Values are passed as written, like WeChat (decode with decodeURIComponent).
      if (eq < 0) q[part] = '';
      else q[part.slice(0, eq)] = part.slice(eq + 1);
    }
    return q;
  }

  function parseUrl(url) {
    if (typeof url !== 'string' || url === '') return null;
    const qi = url.indexOf('?');
    const path = qi < 0 ? url : url.slice(0, qi);
    const top = current();
    const route = normalize(path.replace(/\.js$/, ''), top ? top.route : '');
    if (route === null || route === '') return null;
    return { route: route, query: parseQuery(qi < 0 ? '' : url.slice(qi + 1)) };
  }

  // ------------------------------------------------------- navigation APIs

  function finish(dialect, api, opts, err, code) {
    let res;
    if (err === null) {
      res = dialect === 'wx' ? { errMsg: api + ':ok' } : { success: true };
    } else if (dialect === 'wx') {
      // errno: 600005 for a parameter error as everywhere; other navigation
      // failures have no network errno, so the generic "internal error" 4.
      res = { errMsg: api + ':fail ' + err, errno: err.indexOf('parameter error:') === 0 ? 600005 : 4 };
    } else {
      res = { error: code || 2, errorMessage: err };
    }
    const cb = err === null ? opts.success : opts.fail;
    if (err !== null) emit('navigateFail', { api: api, url: opts.url, error: err });
    for (const f of [cb, opts.complete]) {
      if (typeof f !== 'function') continue;
      try {
        f.call(opts, res);
      } catch (e) {
        report(e, api + ' callback');
      }
    }
  }

  // The platform's type names in parameter errors (as core.js's typeName).
  function typeName(v) {
    if (v === null) return 'Null';
    if (Array.isArray(v)) return 'Array';
    if (v instanceof ArrayBuffer) return 'ArrayBuffer';
    const t = typeof v;
    return t.charAt(0).toUpperCase() + t.slice(1);
  }

  function navigate(dialect, api, options) {
    const opts = options && typeof options === 'object' ? options : {};
    later(function () {
      const err = doNavigate(api, opts);
      finish(dialect, api, opts, err);
    });
  }

  function uiLine(api, opts) {
    const shown = {};
    for (const k of Object.keys(opts)) if (typeof opts[k] !== 'function') shown[k] = opts[k];
    if (typeof g.__mhUiLine === 'function') g.__mhUiLine(api, shown);
    else console.error('[ui] ' + api + ' ' + JSON.stringify(shown));
  }

  // Returns null on success, else the failure reason.
  function doNavigate(api, opts) {
    if (state.exited) return 'app is exiting';
    uiLine(api, opts);
    if (api === 'navigateBack') {
      let delta = Number(opts.delta === undefined ? 1 : opts.delta);
      if (!(delta >= 1)) delta = 1;
      if (state.stack.length <= 1) return 'cannot navigate back at first page.';
      delta = Math.min(delta, state.stack.length - 1);
      for (let i = 0; i < delta; i++) unloadPage(state.stack.pop());
      showPage(current());
      return null;
    }
    if (typeof opts.url !== 'string') {
      return 'parameter error: parameter.url should be String instead of ' + typeName(opts.url) + ';';
    }
    const target = parseUrl(opts.url);
    if (!target) return 'invalid url "' + String(opts.url) + '"';
    if (!knownRoute(target.route)) return 'page "' + target.route + '" is not found';
    const isTab = tabs.has(target.route);
    if ((api === 'navigateTo' || api === 'redirectTo') && isTab) return 'can not ' + api + ' a tabbar page';
    if (api === 'switchTab' && tabs.size && !isTab) return 'can not switch to no-tabBar page';
    try {
      definition(target.route);
    } catch (e) {
      report(e, api);
      return String(e && e.message ? e.message : e);
    }
    const top = current();
    if (api === 'navigateTo') {
      if (state.stack.length >= MAX_STACK) return 'webview count limit exceed';
      if (top) hook(top, 'onHide');
      openPage(target.route, target.query);
      return null;
    }
    if (api === 'redirectTo') {
      if (top) unloadPage(state.stack.pop());
      openPage(target.route, target.query);
      return null;
    }
    if (api === 'switchTab') {
      // Non-tab pages are closed; tab pages stay alive (hidden) for later switches.
      while (state.stack.length) {
        const p = state.stack.pop();
        if (tabs.has(p.route) && !p.__unloaded) {
          if (p === top) hook(p, 'onHide');
          state.tabs.set(p.route, p);
        } else unloadPage(p);
      }
      const kept = state.tabs.get(target.route);
      if (kept) {
        state.tabs.delete(target.route);
        state.stack.push(kept);
        showPage(kept);
      } else openPage(target.route, {});
      return null;
    }
    // reLaunch
    while (state.stack.length) unloadPage(state.stack.pop());
    for (const p of state.tabs.values()) unloadPage(p);
    state.tabs.clear();
    openPage(target.route, target.query);
    return null;
  }

  for (const dialect of ['wx', 'my']) {
    const ns = g[dialect];
    if (!ns) continue;
    for (const api of ['navigateTo', 'redirectTo', 'navigateBack', 'switchTab', 'reLaunch']) {
      ns[api] = function (options) {
        navigate(dialect, api, options);
      };
    }
  }

  // ----------------------------------------------------------- launching

  function launchOptions(route, query) {
    return { path: route, query: query, scene: 1001, referrerInfo: {}, apiCategory: 'default' };
  }

  function launch() {
    if (state.appLaunched) return;
    state.appLaunched = true;
    const route = entryRoute();
    const opts = launchOptions(route || '', {});
    if (projectMode && mh.projectRead('app.js') !== undefined) loadModule('app.js');
    if (state.app) {
      appHook('onLaunch', opts);
      appHook('onShow', opts);
    }
    if (!route) {
      if (projectMode) console.error('app.json lists no pages');
      return;
    }
    if (!projectMode && !state.scriptPage) return;
    openPage(route, {});
  }

  // Script mode: App()/Page() at top level launch once the script has run.
  function schedule() {
    if (state.scheduled) return;
    state.scheduled = true;
    Promise.resolve().then(function () {
      try {
        launch();
      } catch (e) {
        report(e, 'launch');
      }
    });
  }

  function tapEvent(extra) {
    const ev = {
      type: 'tap',
      timeStamp: Date.now(),
      currentTarget: { id: '', dataset: {} },
      target: { id: '', dataset: {} },
      detail: {},
    };
    if (extra && typeof extra === 'object') {
      if (extra.dataset && typeof extra.dataset === 'object') {
        ev.currentTarget.dataset = extra.dataset;
        ev.target.dataset = extra.dataset;
      }
      if (extra.detail !== undefined) ev.detail = extra.detail;
      if (typeof extra.type === 'string') ev.type = extra.type;
    }
    return ev;
  }

  function findPage(route) {
    for (let i = state.stack.length - 1; i >= 0; i--) {
      if (route === '' || state.stack[i].route === route) return state.stack[i];
    }
    return null;
  }

  g.__mhPages = {
    // Project mode: load app.js, App onLaunch/onShow, open the entry page.
    launch: launch,
    // Before a --call: opens ROUTE (navigateTo) when no live page has it.
    // Returns true when it navigated (the host then lets that work settle).
    prepareCall(route) {
      if (route === '' || findPage(route)) return false;
      if (!knownRoute(route)) throw new Error('--call ' + route + ': no such page');
      const err = doNavigate('navigateTo', { url: '/' + route });
      if (err) throw new Error('--call ' + route + ': ' + err);
      return true;
    },
    // A --call: invokes METHOD on the live page ROUTE with a tap-like event.
    call(route, method, extraJson) {
      const page = findPage(route);
      if (!page) throw new Error('--call ' + route + ':' + method + ': the page is not open');
      if (typeof page[method] !== 'function') {
        throw new Error('--call ' + page.route + ':' + method + ': the page has no method "' + method + '"');
      }
      let extra = null;
      if (extraJson) extra = JSON.parse(extraJson);
      try {
        page[method](tapEvent(extra));
      } catch (e) {
        report(e, page.route + ' ' + method);
      }
    },
    // At exit: the current page and the app are hidden, every page unloaded
    // (their pending requests are interrupted).
    exit() {
      if (state.exited) return;
      state.exited = true;
      const top = current();
      if (top) hook(top, 'onHide');
      if (state.app && state.appLaunched) appHook('onHide', launchOptions('', {}));
      while (state.stack.length) unloadPage(state.stack.pop());
      for (const p of state.tabs.values()) unloadPage(p);
      state.tabs.clear();
    },
    // How many tracked requests belong to live pages.
    liveRequests: liveApi.count,
  };

  g.__mhLive = liveApi;
  g.App = App;
  g.Page = Page;
  g.getApp = getApp;
  g.getCurrentPages = function getCurrentPages() {
    return state.stack.slice();
  };
})(globalThis);
