// fs.js: wx.getFileSystemManager() / my.getFileSystemManager() (SPEC §8).
// The natives (__mh.fs) do the work synchronously inside the app's sandbox
// and return [ok, value | failObject]; this file gives each operation its
// async form (callbacks, fired after the call returned) and its *Sync form
// (returns the value or throws an Error whose message is the errMsg).
(function (mh, core, wx, my) {
  'use strict';
  var WX = core.WX;
  var MY = core.MY;

  function Stats(s) {
    this.mode = s.mode;
    this.size = s.size;
    this.lastAccessedTime = s.lastAccessedTime;
    this.lastModifiedTime = s.lastModifiedTime;
    Object.defineProperty(this, '_d', { value: s.isDirectory });
    Object.defineProperty(this, '_f', { value: s.isFile });
  }
  Stats.prototype.isDirectory = function isDirectory() {
    return this._d;
  };
  Stats.prototype.isFile = function isFile() {
    return this._f;
  };

  // The error a *Sync form throws: message = errMsg (wx) or
  // `<api>:fail <errorMessage>` (my), plus the platform fields.
  function syncError(dialect, api, f) {
    var msg = dialect === WX ? f.errMsg : api + ':fail ' + f.errorMessage;
    var e = new Error(msg);
    if (dialect === WX) {
      e.errMsg = f.errMsg;
      e.errno = f.errno;
    } else {
      e.error = f.error;
      e.errorMessage = f.errorMessage;
    }
    return e;
  }

  // result(value) builds the success object's extra field(s).
  function asyncOp(dialect, api, o, args, result) {
    var r = mh.fs(dialect, api, args[0], args[1], args[2], args[3]);
    var res;
    if (r[0]) {
      res = result ? result(r[1]) : {};
      if (dialect === WX) res.errMsg = api + ':ok';
    } else {
      res = r[1];
    }
    core.later(function () {
      core.settle(o, r[0], res);
    });
  }

  function syncOp(dialect, api, args) {
    var r = mh.fs(dialect, api, args[0], args[1], args[2], args[3]);
    if (!r[0]) throw syncError(dialect, api, r[1]);
    return r[1];
  }

  function bin(d) {
    return d !== null && typeof d === 'object' && ArrayBuffer.isView(d) ? core.bin(d) : d;
  }

  function manager(dialect) {
    var m = {};
    m.readFile = function (o) {
      o = core.opts(o);
      asyncOp(dialect, 'readFile', o, [o.filePath, o.encoding, o.position, o.length], function (v) {
        return { data: v };
      });
    };
    m.readFileSync = function (filePath, encoding, position, length) {
      return syncOp(dialect, 'readFileSync', [filePath, encoding, position, length]);
    };
    m.writeFile = function (o) {
      o = core.opts(o);
      asyncOp(dialect, 'writeFile', o, [o.filePath, bin(o.data), o.encoding]);
    };
    m.writeFileSync = function (filePath, data, encoding) {
      syncOp(dialect, 'writeFileSync', [filePath, bin(data), encoding]);
    };
    m.appendFile = function (o) {
      o = core.opts(o);
      asyncOp(dialect, 'appendFile', o, [o.filePath, bin(o.data), o.encoding]);
    };
    m.appendFileSync = function (filePath, data, encoding) {
      syncOp(dialect, 'appendFileSync', [filePath, bin(data), encoding]);
    };
    m.access = function (o) {
      o = core.opts(o);
      asyncOp(dialect, 'access', o, [o.path]);
    };
    m.accessSync = function (path) {
      syncOp(dialect, 'accessSync', [path]);
    };
    m.stat = function (o) {
      o = core.opts(o);
      asyncOp(dialect, 'stat', o, [o.path], function (v) {
        return { stats: new Stats(v) };
      });
    };
    m.statSync = function (path) {
      return new Stats(syncOp(dialect, 'statSync', [path]));
    };
    m.unlink = function (o) {
      o = core.opts(o);
      asyncOp(dialect, 'unlink', o, [o.filePath]);
    };
    m.unlinkSync = function (filePath) {
      syncOp(dialect, 'unlinkSync', [filePath]);
    };
    m.readdir = function (o) {
      o = core.opts(o);
      asyncOp(dialect, 'readdir', o, [o.dirPath], function (v) {
        return { files: v };
      });
    };
    m.readdirSync = function (dirPath) {
      return syncOp(dialect, 'readdirSync', [dirPath]);
    };
    m.mkdir = function (o) {
      o = core.opts(o);
      asyncOp(dialect, 'mkdir', o, [o.dirPath, !!o.recursive]);
    };
    m.mkdirSync = function (dirPath, recursive) {
      syncOp(dialect, 'mkdirSync', [dirPath, !!recursive]);
    };
    return m;
  }

  var managers = [null, null];
  function get(dialect) {
    if (managers[dialect] === null) managers[dialect] = manager(dialect);
    return managers[dialect];
  }
  wx.getFileSystemManager = function () {
    return get(WX);
  };
  my.getFileSystemManager = function () {
    return get(MY);
  };
});
