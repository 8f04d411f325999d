// Helpers shared by the minihost benchmark scripts (concatenated before each one).

/** Milliseconds: performance.now() when the engine has it, else Date.now(). */
var benchNow =
  typeof performance !== 'undefined' && performance && typeof performance.now === 'function'
    ? function () { return performance.now(); }
    : function () { return Date.now(); };

/** Percentile p (0..100) of an ascending array. */
function benchPercentile(sorted, p) {
  if (sorted.length === 0) return 0;
  var rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(Math.max(rank, 1), sorted.length) - 1];
}

function benchMedian(values) {
  var v = values.slice().sort(function (a, b) { return a - b; });
  if (v.length === 0) return 0;
  var m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

/** {count, seconds, p50_us, p99_us} of latencies in ms. */
function benchLatencySummary(latMs, seconds) {
  var us = latMs.map(function (x) { return Math.round(x * 1000); });
  us.sort(function (a, b) { return a - b; });
  return { count: us.length, seconds: seconds, p50_us: benchPercentile(us, 50), p99_us: benchPercentile(us, 99) };
}

/** A response header, whatever the case of its name. */
function benchHeader(headers, name) {
  if (!headers) return null;
  var want = name.toLowerCase();
  for (var k in headers) {
    if (k.toLowerCase() === want) return String(headers[k]);
  }
  return null;
}

var benchDone = false;

/** Prints the result line (once). */
function benchFinish(result) {
  if (benchDone) return;
  benchDone = true;
  console.log(JSON.stringify(result));
}

/** Prints an error result line (once). */
function benchFail(message) {
  if (benchDone) return;
  benchDone = true;
  console.log(JSON.stringify({ error: String(message) }));
}

/** The errMsg / errorMessage of a fail result. */
function benchErr(e) {
  if (!e) return 'unknown error';
  if (e.errMsg) return e.errMsg + (e.errno !== undefined ? ' (errno ' + e.errno + ')' : '');
  if (e.errorMessage !== undefined) return 'error ' + e.error + ': ' + e.errorMessage;
  return JSON.stringify(e);
}

/** Best-effort removal of a temp file so repeated 100 MiB runs don't fill the disk. */
function benchUnlink(path) {
  try {
    wx.getFileSystemManager().unlinkSync(path);
  } catch (e) {
    // The host removes temp files at exit anyway.
  }
}
