// core.js: the helpers every API family shares (the callback contract,
// listener lists, type names), `console`, timers, `queueMicrotask`, and the
// `wx` / `my` objects. Evaluated first with the native object `__mh`; returns
// `core`, which every other glue file receives as its second argument.
(function (mh) {
  'use strict';
  var g = globalThis;
  Object.defineProperty(g, '__mh', { value: mh, enumerable: false, writable: false, configurable: false });

  // ------------------------------------------------------------ formatting

  function errorText(e) {
    var head;
    try {
      head = String(e);
    } catch (_) {
      head = 'Error';
    }
    var st = e !== null && typeof e === 'object' ? e.stack : undefined;
    if (typeof st !== 'string') return head;
    // Frames of the host's own glue are noise for the script's author.
    st = st
      .split('\n')
      .filter(function (l) {
        return l.trim() && l.indexOf('(minihost:') < 0;
      })
      .join('\n');
    return st ? head + '\n' + st : head;
  }

  function fmt(v, seen, depth) {
    switch (typeof v) {
      case 'string':
        return depth === 0 ? v : JSON.stringify(v);
      case 'function':
        return '[Function' + (v.name ? ': ' + v.name : ' (anonymous)') + ']';
      case 'symbol':
        return v.toString();
      case 'bigint':
        return v + 'n';
      case 'object':
        if (v === null) return 'null';
        break;
      default:
        return String(v);
    }
    if (v instanceof Error) return depth === 0 ? errorText(v) : '[' + String(v) + ']';
    if (seen.indexOf(v) >= 0) return '[Circular]';
    if (v instanceof ArrayBuffer) return 'ArrayBuffer { byteLength: ' + v.byteLength + ' }';
    if (ArrayBuffer.isView(v)) {
      var name = v.constructor && v.constructor.name ? v.constructor.name : 'DataView';
      if (v instanceof DataView) return name + ' { byteLength: ' + v.byteLength + ' }';
      var items = Array.prototype.slice.call(v, 0, 100).join(',');
      return name + '(' + v.length + ') [' + items + (v.length > 100 ? ',...' : '') + ']';
    }
    if (v instanceof Date) return isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString();
    if (v instanceof RegExp) return String(v);
    if (v instanceof Promise) return 'Promise {}';
    if (depth > 6) return Array.isArray(v) ? '[Array]' : '[Object]';
    seen.push(v);
    var parts = [];
    var out;
    try {
      if (Array.isArray(v)) {
        for (var i = 0; i < v.length && i < 1000; i++) parts.push(fmt(v[i], seen, depth + 1));
        out = '[' + parts.join(',') + (v.length > 1000 ? ',...' : '') + ']';
      } else if (v instanceof Map) {
        v.forEach(function (val, key) {
          parts.push(fmt(key, seen, depth + 1) + ' => ' + fmt(val, seen, depth + 1));
        });
        out = 'Map(' + v.size + ') {' + parts.join(',') + '}';
      } else if (v instanceof Set) {
        v.forEach(function (val) {
          parts.push(fmt(val, seen, depth + 1));
        });
        out = 'Set(' + v.size + ') {' + parts.join(',') + '}';
      } else {
        var keys = Object.keys(v);
        for (var j = 0; j < keys.length; j++) {
          parts.push(JSON.stringify(keys[j]) + ':' + fmt(v[keys[j]], seen, depth + 1));
        }
        out = '{' + parts.join(',') + '}';
      }
    } finally {
      seen.pop();
    }
    return out;
  }

  function show(v) {
    try {
      return fmt(v, [], 0);
    } catch (e) {
      try {
        return String(v);
      } catch (_) {
        return '[object]';
      }
    }
  }

  // Like browsers: strings as they are, %s %d %i %f %o %O %j %c in a first
  // string argument, other values JSON-ish, errors with their stack.
  function format(args) {
    var out = [];
    var i = 0;
    if (typeof args[0] === 'string' && args.length > 1 && args[0].indexOf('%') >= 0) {
      i = 1;
      out.push(
        args[0].replace(/%[sdifoOjc%]/g, function (m) {
          if (m === '%%') return '%';
          if (i >= args.length) return m;
          var a = args[i++];
          switch (m) {
            case '%s':
              return typeof a === 'string' ? a : show(a);
            case '%d':
            case '%i':
              return typeof a === 'object' ? 'NaN' : String(parseInt(a, 10));
            case '%f':
              return String(parseFloat(a));
            case '%c':
              return '';
            default:
              return show(a);
          }
        })
      );
    }
    for (; i < args.length; i++) out.push(show(args[i]));
    return out.join(' ');
  }

  function printer(stream) {
    return function () {
      mh.print(stream, format(arguments));
    };
  }

  var counts = new Map();
  var times = new Map();
  g.console = {
    log: printer(1),
    info: printer(1),
    debug: printer(1),
    dir: printer(1),
    // SPEC §11: the script's console output, all of it, goes to stdout;
    // stderr is for the host's own events.
    warn: printer(1),
    error: printer(1),
    trace: function trace() {
      var e = new Error(format(arguments));
      mh.print(1, 'Trace: ' + e.message + (e.stack ? '\n' + e.stack.replace(/\s+$/, '') : ''));
    },
    assert: function assert(cond) {
      if (cond) return;
      var rest = Array.prototype.slice.call(arguments, 1);
      mh.print(1, 'Assertion failed' + (rest.length ? ': ' + format(rest) : ''));
    },
    count: function count(label) {
      label = label === undefined ? 'default' : String(label);
      var n = (counts.get(label) || 0) + 1;
      counts.set(label, n);
      mh.print(1, label + ': ' + n);
    },
    time: function time(label) {
      times.set(label === undefined ? 'default' : String(label), Date.now());
    },
    timeEnd: function timeEnd(label) {
      label = label === undefined ? 'default' : String(label);
      var t = times.get(label);
      if (t === undefined) return;
      times.delete(label);
      mh.print(1, label + ': ' + (Date.now() - t) + 'ms');
    },
  };

  // ------------------------------------------------------ error reporting

  function uncaught(e) {
    mh.uncaught('Uncaught ' + errorText(e));
  }

  // page.js reports through this when it exists.
  Object.defineProperty(g, '__mhReportError', {
    value: function (e, where) {
      mh.uncaught('Uncaught ' + (where ? '(in ' + where + ') ' : '') + errorText(e));
    },
  });

  // -------------------------------------------------- the callback contract

  function call(f, self, arg) {
    try {
      f.call(self, arg);
    } catch (e) {
      uncaught(e);
    }
  }

  // Exactly one of success/fail, then complete, with the same object.
  function settle(o, ok, res) {
    var f = ok ? o.success : o.fail;
    if (typeof f === 'function') call(f, o, res);
    f = o.complete;
    if (typeof f === 'function') call(f, o, res);
  }

  // Runs fn after the current call returned (a microtask).
  function later(fn) {
    Promise.resolve().then(fn);
  }

  // A listener list; off(f) removes f, off() removes all. Copy on write, so
  // listeners may add or remove listeners while being called.
  function Listeners() {
    this.l = [];
  }
  Listeners.prototype.on = function (f) {
    if (typeof f !== 'function') return;
    var n = this.l.slice();
    n.push(f);
    this.l = n;
  };
  Listeners.prototype.off = function (f) {
    if (f === undefined) {
      this.l = [];
      return;
    }
    var i = this.l.indexOf(f);
    if (i < 0) return;
    var n = this.l.slice();
    n.splice(i, 1);
    this.l = n;
  };
  Listeners.prototype.emit = function (res) {
    var l = this.l;
    for (var i = 0; i < l.length; i++) call(l[i], undefined, res);
  };

  // Type names as wx parameter errors spell them.
  function typeName(v) {
    if (v === undefined) return 'Undefined';
    if (v === null) return 'Null';
    if (Array.isArray(v)) return 'Array';
    if (v instanceof ArrayBuffer) return 'ArrayBuffer';
    var t = typeof v;
    if (t === 'bigint') return 'BigInt';
    return t.charAt(0).toUpperCase() + t.slice(1);
  }

  // Any ArrayBuffer view as a Uint8Array over the same bytes (what the
  // natives take besides ArrayBuffer).
  function bin(v) {
    if (ArrayBuffer.isView(v) && !(v instanceof Uint8Array)) {
      return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
    }
    return v;
  }

  function opts(o) {
    return o !== null && typeof o === 'object' ? o : {};
  }

  // ------------------------------------------------------------- timers

  var timers = new Map();
  var nextTimer = 1;
  function arm(f, ms, args, rep) {
    var id = nextTimer++;
    if (typeof f !== 'function') return id;
    ms = Number(ms);
    if (!(ms > 0)) ms = 0;
    else if (ms > 2147483647) ms = 1;
    if (rep && ms < 1) ms = 1;
    timers.set(id, { f: f, a: args, ms: ms, rep: rep });
    mh.setTimer(id, ms);
    return id;
  }
  function rest(a, from) {
    if (a.length <= from) return null;
    return Array.prototype.slice.call(a, from);
  }
  function clear(id) {
    if (timers.delete(id)) mh.clearTimer(id);
  }
  g.setTimeout = function setTimeout(f, ms) {
    return arm(f, ms, rest(arguments, 2), false);
  };
  g.setInterval = function setInterval(f, ms) {
    return arm(f, ms, rest(arguments, 2), true);
  };
  g.clearTimeout = function clearTimeout(id) {
    clear(id);
  };
  g.clearInterval = function clearInterval(id) {
    clear(id);
  };
  mh.fire = function (id) {
    var t = timers.get(id);
    if (t === undefined) return;
    if (t.rep) mh.setTimer(id, t.ms);
    else timers.delete(id);
    try {
      if (t.a === null) t.f();
      else t.f.apply(undefined, t.a);
    } catch (e) {
      uncaught(e);
    }
  };

  g.queueMicrotask = function queueMicrotask(f) {
    if (typeof f !== 'function') throw new TypeError('queueMicrotask: the argument must be a function');
    Promise.resolve().then(function () {
      try {
        f();
      } catch (e) {
        uncaught(e);
      }
    });
  };

  // ------------------------------------------------------------- wx / my

  var wx = (g.wx = { env: { USER_DATA_PATH: 'wxfile://usr' } });
  var my = (g.my = { env: { USER_DATA_PATH: 'https://usr' } });

  // Lazily loaded families (cold start: compile only what a script uses).
  // The host puts an accessor placeholder for each of a family's names
  // (src/host.rs, `lazy`); the first use of one calls this, then loads the
  // family, which defines the real names. spec is JSON [[target, [names...]],
  // ...] with target 'g' or 'h' (the global object), 'wx' or 'my'. Only
  // placeholders are removed (a name redefined meanwhile stays).
  function unlazy(spec) {
    var targets = { g: g, h: g, wx: wx, my: my };
    JSON.parse(spec).forEach(function (s) {
      var o = targets[s[0]];
      s[1].forEach(function (n) {
        var d = Object.getOwnPropertyDescriptor(o, n);
        if (d && d.get) delete o[n];
      });
    });
  }

  return {
    WX: 0,
    MY: 1,
    uncaught: uncaught,
    errorText: errorText,
    format: format,
    call: call,
    settle: settle,
    later: later,
    Listeners: Listeners,
    typeName: typeName,
    bin: bin,
    opts: opts,
    unlazy: unlazy,
    wx: wx,
    my: my,
  };
});
