// request.js: wx.request, my.request and RequestTask (SPEC §1, §2).
// Options are read and validated natively (__mh.request); this file holds
// the task object and the callback contract.
(function (mh, core, wx, my) {
  'use strict';
  var g = globalThis;
  var settle = core.settle;
  var Listeners = core.Listeners;

  // One task per call. _o the options, _d the dialect, _id the native id
  // (null once ended or when the call failed), _u the page-tracking undo.
  // The fields most requests never change live on the prototype (fewer
  // properties to add per call).
  function RequestTask(dialect, o) {
    this._d = dialect;
    this._o = o;
    this._id = null;
  }
  var P = RequestTask.prototype;
  P._end = false;
  P._h = null;
  P._c = null;
  P._u = null;
  P.abort = function abort() {
    if (!this._end && this._id !== null) ctl(this._id, 0);
  };
  P.onHeadersReceived = function onHeadersReceived(f) {
    if (this._h === null) this._h = new Listeners();
    this._h.on(f);
    if (!this._end && this._id !== null && this._h.l.length) ctl(this._id, 4);
  };
  P.offHeadersReceived = function offHeadersReceived(f) {
    if (this._h === null) return;
    this._h.off(f);
    if (!this._end && this._id !== null && this._h.l.length === 0) ctl(this._id, 5);
  };
  P.onChunkReceived = function onChunkReceived(f) {
    if (this._c === null) this._c = new Listeners();
    this._c.on(f);
    if (!this._end && this._id !== null && this._c.l.length) ctl(this._id, 1);
  };
  P.offChunkReceived = function offChunkReceived(f) {
    if (this._c === null) return;
    this._c.off(f);
    if (!this._end && this._id !== null && this._c.l.length === 0) ctl(this._id, 2);
  };

  var ctl = mh.requestCtl;

  // QuickJS frees an atom with the last object that uses it as a key, so the
  // header names of each response would be created and freed again per
  // request; this object keeps the common ones alive for the whole run.
  Object.defineProperty(mh, 'headerNames', {
    value: {
      'accept-ranges': 0, age: 0, 'alt-svc': 0, 'cache-control': 0, connection: 0,
      'content-disposition': 0, 'content-encoding': 0, 'content-language': 0, 'content-length': 0,
      'content-type': 0, date: 0, etag: 0, expires: 0, 'keep-alive': 0, 'last-modified': 0,
      location: 0, pragma: 0, server: 0, 'set-cookie': 0, 'strict-transport-security': 0,
      'transfer-encoding': 0, vary: 0, via: 0, 'x-content-type-options': 0, 'x-frame-options': 0,
      'access-control-allow-origin': 0, 'access-control-allow-credentials': 0,
    },
  });

  // The native side calls this with the task as `this` (one function for
  // every request: no closure per call). 1 head, 2 chunk, 3 success
  // (data, status, header, cookies), 4 fail object.
  function onEvent(k, a, b, c, d) {
    var t = this;
    if (t._end) return;
    if (k === 1) {
      var h = t._h;
      if (h !== null && h.l.length) {
        h.emit(t._d === 0 ? { header: b, statusCode: a, cookies: c } : { headers: b, status: a });
      }
    } else if (k === 2) {
      if (t._c !== null) t._c.emit({ data: a });
    } else {
      t._end = true;
      if (t._u !== null) t._u();
      var res = a;
      if (k === 3) {
        res =
          t._d === 0
            ? { data: a, statusCode: b, header: c, cookies: d, errMsg: 'request:ok' }
            : { data: a, status: b, headers: c };
      }
      settle(t._o, k === 3, res);
    }
  }

  function request(dialect, o) {
    o = core.opts(o);
    var t = new RequestTask(dialect, o);
    var d = o.data;
    if (d !== null && typeof d === 'object' && ArrayBuffer.isView(d)) d = core.bin(d);
    // The options are read here (plain property reads), validated natively.
    var h;
    var flags = dialect;
    if (dialect === 0) {
      h = o.header;
    } else {
      h = o.headers;
      if (h === undefined) h = o.header;
    }
    if (o.enableChunked) flags |= 2;
    if (o.enableHttp2) flags |= 4;
    if (o.redirect === 'manual') flags |= 8;
    var r = mh.request(flags, onEvent, t, o.url, o.method, h, d, o.timeout, o.dataType,
      dialect === 0 ? o.responseType : undefined);
    if (typeof r === 'number') {
      t._id = r;
      // Pages interrupt the requests started while they were current.
      var live = g.__mhLive;
      if (live !== undefined) {
        t._u = live.track(function () {
          ctl(r, 3);
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
