// socket.js: WebSockets (SPEC §5). wx.connectSocket → SocketTask, the wx
// global socket API (single-slot listeners on the most recent socket),
// my.connectSocket (one default-mode socket that a new connect replaces, or a
// SocketTask with multiple: true) and the my global listener lists. Options
// are read and validated natively (__mh.socketConnect, see src/socket.rs).
(function (mh, core, wx, my) {
  'use strict';
  var WX = core.WX;
  var MY = core.MY;
  var Listeners = core.Listeners;
  var settle = core.settle;
  var later = core.later;
  var call = core.call;

  // The wx global listeners: one each, the last set wins.
  var wxG = { open: null, message: null, error: null, close: null };
  // The socket the wx globals act on: the most recently connected one.
  var wxCurrent = null;
  // The my global listener lists (default mode only) and the default socket.
  var myG = { open: new Listeners(), message: new Listeners(), error: new Listeners(), close: new Listeners() };
  var myCurrent = null;

  function ok(d, api) {
    return d === WX ? { errMsg: api + ':ok' } : {};
  }

  // ------------------------------------------------------------ SocketTask

  function SocketTask(dialect, multiple) {
    this._d = dialect;
    this._multi = multiple; // my: a task of its own (no global listeners)
    this._ctl = null;
    this._closed = false;
    this._open = new Listeners();
    this._msg = new Listeners();
    this._err = new Listeners();
    this._close = new Listeners();
  }
  var P = SocketTask.prototype;
  P.CONNECTING = 0;
  P.OPEN = 1;
  P.CLOSING = 2;
  P.CLOSED = 3;
  Object.defineProperty(P, 'readyState', {
    get: function () {
      if (this._closed || this._ctl === null) return 3;
      return this._ctl(0);
    },
  });
  P.send = function send(o) {
    sendOn(this, core.opts(o));
  };
  P.close = function close(o) {
    closeOn(this, core.opts(o));
  };
  P.onOpen = function onOpen(f) {
    this._open.on(f);
  };
  P.offOpen = function offOpen(f) {
    this._open.off(f);
  };
  P.onMessage = function onMessage(f) {
    this._msg.on(f);
  };
  P.offMessage = function offMessage(f) {
    this._msg.off(f);
  };
  P.onError = function onError(f) {
    this._err.on(f);
  };
  P.offError = function offError(f) {
    this._err.off(f);
  };
  P.onClose = function onClose(f) {
    this._close.on(f);
  };
  P.offClose = function offClose(f) {
    this._close.off(f);
  };

  // The outcome of a send whose options want it (one function per dialect,
  // made once: no closure per send).
  function sentFor(d) {
    return function sent(o, good, res) {
      settle(o, good, good ? ok(d, 'sendSocketMessage') : res);
    };
  }
  var sentWx = sentFor(WX);
  var sentMy = sentFor(MY);

  function sendOn(t, o) {
    var d = t._d;
    if (t._ctl === null || t._closed) {
      var nc = mh.socketError(d, 0);
      later(function () {
        settle(o, false, nc);
      });
      return;
    }
    var data = o.data;
    if (data !== null && typeof data === 'object' && ArrayBuffer.isView(data)) data = core.bin(data);
    // The write's outcome comes back through sent(o, ...), only when a
    // callback wants it (a success nobody listens for costs no call).
    var onOk = typeof o.success === 'function' || typeof o.complete === 'function';
    var wants = onOk || typeof o.fail === 'function';
    var r = t._ctl(1, data, d === MY ? o.isBuffer : undefined, wants ? o : undefined, onOk, d === WX ? sentWx : sentMy);
    if (r !== undefined) {
      later(function () {
        settle(o, false, r);
      });
    }
  }

  function closeOn(t, o) {
    var d = t._d;
    var r;
    if (t._ctl === null) r = mh.socketError(d, 1);
    else if (!t._closed) r = t._ctl(2, o.code, o.reason);
    later(function () {
      if (r === undefined) settle(o, true, ok(d, 'closeSocket'));
      else settle(o, false, r);
    });
  }

  // ------------------------------------------------------------- connect

  // Event payloads per dialect.
  function openRes(header, protocol) {
    var res = { header: header };
    if (protocol !== undefined) res.protocol = protocol;
    return res;
  }

  function connect(d, o, multiple) {
    var t = new SocketTask(d, multiple);
    // wx: success means the task was created; my: the outcome of the
    // connection (success on open, fail with the error code otherwise).
    var settled = false;
    function finish(good, res) {
      if (settled) return;
      settled = true;
      settle(o, good, res);
    }
    var globalMy = d === MY && !multiple;
    var r = mh.socketConnect(d, o, function (k, a, b) {
      var res;
      switch (k) {
        case 1:
          res = openRes(a, b);
          if (d === MY) finish(true, ok(d, 'connectSocket'));
          t._open.emit(res);
          if (d === WX && wxCurrent === t && wxG.open !== null) call(wxG.open, undefined, res);
          if (globalMy) myG.open.emit(res);
          break;
        case 2:
        case 3:
          res = d === WX ? { data: a } : { data: a, isBuffer: k === 3 };
          t._msg.emit(res);
          if (d === WX && wxCurrent === t && wxG.message !== null) call(wxG.message, undefined, res);
          if (globalMy) myG.message.emit(res);
          break;
        case 4:
          res = a;
          if (d === MY) finish(false, res);
          t._err.emit(res);
          if (d === WX && wxCurrent === t && wxG.error !== null) call(wxG.error, undefined, res);
          if (globalMy) myG.error.emit(res);
          break;
        case 5:
          t._closed = true;
          // my: closed before it opened, without an error (replaced, closed).
          if (d === MY) finish(false, mh.socketError(d, 2));
          res = { code: a, reason: b };
          t._close.emit(res);
          if (d === WX && wxCurrent === t && wxG.close !== null) call(wxG.close, undefined, res);
          if (globalMy) myG.close.emit(res);
          break;
      }
    });
    if (typeof r === 'function') {
      t._ctl = r;
      if (d === WX) {
        wxCurrent = t;
        later(function () {
          finish(true, ok(d, 'connectSocket'));
        });
      }
    } else {
      t._closed = true;
      later(function () {
        finish(false, r);
      });
    }
    return t;
  }

  wx.connectSocket = function connectSocket(o) {
    return connect(WX, core.opts(o), false);
  };

  wx.onSocketOpen = function onSocketOpen(f) {
    wxG.open = typeof f === 'function' ? f : null;
  };
  wx.onSocketMessage = function onSocketMessage(f) {
    wxG.message = typeof f === 'function' ? f : null;
  };
  wx.onSocketError = function onSocketError(f) {
    wxG.error = typeof f === 'function' ? f : null;
  };
  wx.onSocketClose = function onSocketClose(f) {
    wxG.close = typeof f === 'function' ? f : null;
  };
  wx.sendSocketMessage = function sendSocketMessage(o) {
    o = core.opts(o);
    if (wxCurrent === null) sendOn(new SocketTask(WX, false), o);
    else sendOn(wxCurrent, o);
  };
  wx.closeSocket = function closeSocket(o) {
    o = core.opts(o);
    if (wxCurrent === null) closeOn(new SocketTask(WX, false), o);
    else closeOn(wxCurrent, o);
  };

  my.connectSocket = function connectSocket(o) {
    o = core.opts(o);
    var multiple = !!o.multiple;
    if (!multiple && myCurrent !== null && !myCurrent._closed && myCurrent._ctl !== null) {
      // One default-mode socket per app: the old one closes first (1000).
      myCurrent._ctl(2, 1000, '');
    }
    var t = connect(MY, o, multiple);
    if (!multiple) myCurrent = t;
    return t;
  };

  function myListen(list) {
    return [
      function (f) {
        list.on(f);
      },
      function (f) {
        list.off(f);
      },
    ];
  }
  var pairs = [
    ['Open', myG.open],
    ['Message', myG.message],
    ['Error', myG.error],
    ['Close', myG.close],
  ];
  pairs.forEach(function (p) {
    var fs = myListen(p[1]);
    my['onSocket' + p[0]] = fs[0];
    my['offSocket' + p[0]] = fs[1];
  });
  my.sendSocketMessage = function sendSocketMessage(o) {
    o = core.opts(o);
    sendOn(myCurrent === null ? new SocketTask(MY, false) : myCurrent, o);
  };
  my.closeSocket = function closeSocket(o) {
    o = core.opts(o);
    closeOn(myCurrent === null ? new SocketTask(MY, false) : myCurrent, o);
  };
});
