// harness.js: prepended to every case by crates/cli/tests/cases.rs (the
// %NAME% placeholders are filled in there). A case passes when the host's
// exit code is the expected one (`// exit: N` in the case's first lines,
// default 0) and stdout's last line is PASS. Other leading directives:
// `// args: --flag value ...` (extra `minihost run` flags) and
// `// config: {...}` (merged over the generated minihost.json, top-level keys).
//
//   SERVER  https://api.minihost.test:PORT    in every domain list
//   CDN     https://cdn.minihost.test:PORT    downloadFile/uploadFile lists
//   WSS     wss://ws.minihost.test:PORT       socket list
//   OTHER   https://other.minihost.test:PORT  resolvable, in no list
//   DEAD    https://dead.minihost.test:PORT2  in the request list, nothing listens
//   HTTP    http://api.minihost.test:HTTPPORT the plain-HTTP port (dev-mode tests)
var SERVER = '%SERVER%';
var CDN = '%CDN%';
var WSS = '%WSS%';
var OTHER = '%OTHER%';
var DEAD = '%DEAD%';
var HTTP = '%HTTP%';

function assert(cond, msg) {
  if (!cond) throw new Error('assertion failed' + (msg ? ': ' + msg : ''));
}

// A JSON-able picture of v: ArrayBuffers and views as {$bytes: [...]},
// undefined as {$undefined: true}, object keys sorted.
function canon(v) {
  if (v === undefined) return { $undefined: true };
  if (v === null || typeof v !== 'object') {
    if (typeof v === 'function') return { $function: v.name || true };
    if (typeof v === 'number' && !isFinite(v)) return { $number: String(v) };
    return v;
  }
  if (v instanceof ArrayBuffer) return { $bytes: Array.from(new Uint8Array(v)) };
  if (ArrayBuffer.isView(v)) return { $bytes: Array.from(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)) };
  if (Array.isArray(v)) return v.map(canon);
  var out = {};
  Object.keys(v)
    .sort()
    .forEach(function (k) {
      out[k] = canon(v[k]);
    });
  return out;
}

function show(v) {
  return JSON.stringify(canon(v));
}

// Deep equality through canon().
function assertEq(got, want, msg) {
  var a = show(got);
  var b = show(want);
  if (a !== b) {
    throw new Error('assertEq failed' + (msg ? ' (' + msg + ')' : '') + '\n  got:      ' + a + '\n  expected: ' + b);
  }
}

// Bytes 0..n-1 of the devserver's pattern (byte i = i % 251).
function pattern(n) {
  var a = [];
  for (var i = 0; i < n; i++) a.push(i % 251);
  return a;
}

function bytes(ab) {
  return Array.from(new Uint8Array(ab));
}

// ------------------------------------------------------------------ tracking

var __inCall = false;
var __tracks = [];
var __ends = [];
var __passed = false;

// Runs fn with the "inside the API call" flag set: a tracked callback that
// fires while it is set is recorded as a synchronous call (a contract error).
function sync(fn) {
  __inCall = true;
  try {
    return fn();
  } finally {
    __inCall = false;
  }
}

// track(name) -> {success, fail, complete, opts(o), calls, res, expect(kind, check)}.
// Every callback records its call; expect() checks, once complete has fired
// and things settled, that exactly [kind, 'complete'] fired, asynchronously,
// with the same object, then runs check(res).
function track(name) {
  var t = { name: name, calls: [], res: undefined, completeRes: undefined, expected: null, check: null, done: false };
  function rec(kind) {
    return function (res) {
      t.calls.push(__inCall ? 'SYNC-' + kind : kind);
      if (kind === 'complete') {
        t.completeRes = res;
        setTimeout(function () {
          settle(t);
        }, 30);
      } else {
        t.res = res;
      }
    };
  }
  t.success = rec('success');
  t.fail = rec('fail');
  t.complete = rec('complete');
  t.opts = function (o) {
    o.success = t.success;
    o.fail = t.fail;
    o.complete = t.complete;
    return o;
  };
  t.expect = function (kind, check) {
    t.expected = kind;
    t.check = check || null;
    return t;
  };
  __tracks.push(t);
  return t;
}

function settle(t) {
  if (t.done) return;
  t.done = true;
  if (t.expected !== null) {
    assertEq(t.calls, [t.expected, 'complete'], t.name + ': callbacks');
    assert(t.res === t.completeRes, t.name + ': complete got another object than ' + t.expected);
    if (t.check) t.check(t.res);
  }
  maybePass();
}

// Registers a check to run once every tracked task has settled.
function atEnd(fn) {
  __ends.push(fn);
}

function maybePass() {
  for (var i = 0; i < __tracks.length; i++) if (!__tracks[i].done) return;
  if (__passed) return;
  __passed = true;
  for (var j = 0; j < __ends.length; j++) __ends[j]();
  console.log('PASS');
}

// For cases without tracked tasks: prints PASS after fn (if any) ran.
function pass() {
  console.log('PASS');
}

// A header's value by case-insensitive name (undefined if absent).
function hdr(headers, name) {
  var want = name.toLowerCase();
  for (var k in headers) if (k.toLowerCase() === want) return headers[k];
  return undefined;
}

// The devserver's /echo answer for a request made with options o (wx).
function echoed(res) {
  return res.data;
}
