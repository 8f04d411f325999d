// request.js: wx.request, my.request and RequestTask (SPEC §1, §2).
// Options are read and validated natively (__mh.request); this file holds
// the task object and the callback contract.
(function (mh, core, wx, my) {
  'use strict';
  var g = globalThis;
  var settle = core.settle;
  var Listeners = core.Listeners;

  function RequestTask(dialect) {
    this._d = dialect;
    this._ctl = null;
    this._end = false;
    this._h = null;
    this._c = null;
  }
  var P = RequestTask.prototype;
  P.abort = function abort() {
    if (!this._end && this._ctl !== null) this._ctl(0);
  };
  P.onHeadersReceived = function onHeadersReceived(f) {
    if (this._h === null) this._h = new Listeners();
    this._h.on(f);
    if (!this._end && this._ctl !== null && this._h.l.length) this._ctl(4);
  };
  P.offHeadersReceived = function offHeadersReceived(f) {
    if (this._h === null) return;
    this._h.off(f);
    if (!this._end && this._ctl !== null && this._h.l.length === 0) this._ctl(5);
  };
  P.onChunkReceived = function onChunkReceived(f) {
    if (this._c === null) this._c = new Listeners();
    this._c.on(f);
    if (!this._end && this._ctl !== null && this._c.l.length) this._ctl(1);
  };
  P.offChunkReceived = function offChunkReceived(f) {
    if (this._c === null) return;
    this._c.off(f);
    if (!this._end && this._ctl !== null && this._c.l.length === 0) this._ctl(2);
  };

  function request(dialect, o) {
    o = core.opts(o);
    var t = new RequestTask(dialect);
    var d = o.data;
    if (d !== null && typeof d === 'object' && ArrayBuffer.isView(d)) d = core.bin(d);
    var untrack = null;
    var r = mh.request(dialect, o, d, function (k, a, b, c) {
      if (t._end) return;
      if (k === 1) {
        var h = t._h;
        if (h !== null && h.l.length) {
          h.emit(dialect === 0 ? { header: b, statusCode: a, cookies: c } : { headers: b, status: a });
        }
      } else if (k === 2) {
        if (t._c !== null) t._c.emit({ data: a });
      } else {
        t._end = true;
        if (untrack !== null) untrack();
        settle(o, k === 3, a);
      }
    });
    if (typeof r === 'function') {
      t._ctl = r;
      // Pages interrupt the requests started while they were current.
      var live = g.__mhLive;
      if (live !== undefined) {
        untrack = live.track(function () {
          r(3);
        });
      }
    } else {
      t._end = true;
      core.later(function () {
        settle(o, false, r);
      });
    }
    return t;
  }

  wx.request = function (o) {
    return request(0, o);
  };
  my.request = function (o) {
    return request(1, o);
  };
});
