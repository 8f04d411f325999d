// transfer.js: wx/my.uploadFile and wx/my.downloadFile with UploadTask and
// DownloadTask (SPEC §1, §3, §4). Options are read and validated natively
// (__mh.uploadFile / __mh.downloadFile, which also open the file to upload);
// this file holds the task objects, the progress shapes and the callback
// contract.
(function (mh, core, wx, my) {
  'use strict';
  var g = globalThis;
  var WX = core.WX;
  var settle = core.settle;
  var Listeners = core.Listeners;

  // upload: true for UploadTask (its wx progress field names differ).
  function Task(dialect, upload) {
    this._d = dialect;
    this._u = upload;
    this._ctl = null;
    this._end = false;
    this._h = null;
    this._p = null;
  }
  var P = Task.prototype;
  P.abort = function abort() {
    if (!this._end && this._ctl !== null) this._ctl(0);
  };
  P.onProgressUpdate = function onProgressUpdate(f) {
    if (this._p === null) this._p = new Listeners();
    this._p.on(f);
    if (!this._end && this._ctl !== null && this._p.l.length) this._ctl(1);
  };
  P.offProgressUpdate = function offProgressUpdate(f) {
    if (this._p === null) return;
    this._p.off(f);
    if (!this._end && this._ctl !== null && this._p.l.length === 0) this._ctl(2);
  };
  P.onHeadersReceived = function onHeadersReceived(f) {
    if (this._h === null) this._h = new Listeners();
    this._h.on(f);
  };
  P.offHeadersReceived = function offHeadersReceived(f) {
    if (this._h !== null) this._h.off(f);
  };

  // written / expected running totals -> the dialect's progress object.
  // An unknown total (-1) reads as 0 and progress 0 until the last event,
  // which always carries the total.
  function progressObject(t, written, expected) {
    var total = expected < 0 ? 0 : expected;
    var pct;
    if (expected < 0) pct = 0;
    else if (expected === 0) pct = 100;
    else pct = Math.min(100, Math.floor((written * 100) / expected));
    if (t._u && t._d === WX) {
      return { progress: pct, totalBytesSent: written, totalBytesExpectedToSend: total };
    }
    return { progress: pct, totalBytesWritten: written, totalBytesExpectedToWrite: total };
  }

  function start(dialect, upload, o) {
    o = core.opts(o);
    var t = new Task(dialect, upload);
    var untrack = null;
    var native = upload ? mh.uploadFile : mh.downloadFile;
    var r = native(dialect, o, function (k, a, b, c) {
      if (t._end) return;
      if (k === 1) {
        var h = t._h;
        if (h !== null && h.l.length) {
          h.emit(dialect === WX ? { header: b, statusCode: a, cookies: c } : { headers: b, status: a });
        }
      } else if (k === 2) {
        if (t._p !== null && t._p.l.length) t._p.emit(progressObject(t, a, b));
      } else {
        t._end = true;
        if (untrack !== null) untrack();
        settle(o, k === 3, a);
      }
    });
    if (typeof r === 'function') {
      t._ctl = r;
      // Pages interrupt the transfers started while they were current.
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

  wx.uploadFile = function (o) {
    return start(WX, true, o);
  };
  my.uploadFile = function (o) {
    return start(core.MY, true, o);
  };
  wx.downloadFile = function (o) {
    return start(WX, false, o);
  };
  my.downloadFile = function (o) {
    return start(core.MY, false, o);
  };
});
