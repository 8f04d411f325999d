// ui.js: the headless UI (SPEC §10). Each call prints one line on stderr,
// `[ui] <name> <options minus functions as JSON>`, records a `ui` event, and
// succeeds asynchronously as if the user confirmed. Also `canIUse`.
// To add a UI API: one `def(...)` line below.
(function (mh, core, wx, my) {
  'use strict';
  var g = globalThis;
  var WX = core.WX;
  var MY = core.MY;

  function shown(o) {
    var r = {};
    for (var k in o) {
      if (Object.prototype.hasOwnProperty.call(o, k) && typeof o[k] !== 'function') r[k] = o[k];
    }
    return r;
  }

  function line(api, opts) {
    var json;
    try {
      json = JSON.stringify(opts);
    } catch (e) {
      json = '{}';
    }
    mh.print(2, '[ui] ' + api + ' ' + json);
    if (mh.eventsOn) mh.emitEvent({ type: 'ui', api: api, options: opts });
  }
  // page.js prints its navigation lines through this.
  Object.defineProperty(g, '__mhUiLine', { value: line });

  // `result` holds extra success fields (showModal/confirm: the user confirmed).
  function def(ns, dialect, api, result) {
    ns[api] = function (o) {
      var opts;
      if (o !== null && typeof o === 'object') opts = o;
      else if (o === undefined) opts = {};
      else opts = { content: String(o) };
      line(api, shown(opts));
      var res = dialect === WX ? { errMsg: api + ':ok' } : {};
      if (result) for (var k in result) res[k] = result[k];
      core.later(function () {
        core.settle(opts, true, res);
      });
    };
  }

  def(my, MY, 'alert');
  def(my, MY, 'confirm', { confirm: true, cancel: false });
  def(my, MY, 'prompt', { ok: true, inputValue: '' });
  def(my, MY, 'showToast');
  def(my, MY, 'hideToast');
  def(my, MY, 'showLoading');
  def(my, MY, 'hideLoading');
  def(my, MY, 'previewImage');
  def(wx, WX, 'showToast');
  def(wx, WX, 'hideToast');
  def(wx, WX, 'showLoading');
  def(wx, WX, 'hideLoading');
  def(wx, WX, 'showModal', { confirm: true, cancel: false });
  def(wx, WX, 'previewImage');
  // --- page helper: more headless UI (the user picks the first item) ---
  def(wx, WX, 'showActionSheet', { tapIndex: 0 });
  def(my, MY, 'showActionSheet', { index: 0 });
  def(wx, WX, 'setNavigationBarTitle');
  def(my, MY, 'setNavigationBar');
  def(wx, WX, 'startPullDownRefresh');
  def(wx, WX, 'stopPullDownRefresh');
  def(my, MY, 'startPullDownRefresh');
  def(my, MY, 'stopPullDownRefresh');
  // --- end page helper ---

  // canIUse('request'), canIUse('request.object.headers'): true when the
  // API exists in this host.
  function canIUse(ns) {
    return function canIUse(name) {
      var base = String(name).split('.')[0];
      return typeof ns[base] === 'function' || (base === 'env' && ns.env !== undefined);
    };
  }
  my.canIUse = canIUse(my);
  wx.canIUse = canIUse(wx);
});
