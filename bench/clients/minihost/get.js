// Small HTTPS GETs with wx.request for PARAMS.seconds at PARAMS.concurrency
// (one request in flight per "worker"; each starts its next request from `complete`).
var lat = [];
var errors = 0;
var firstError = null;
var proto = null;
var running = PARAMS.concurrency;
var start = benchNow();
var end = start + PARAMS.seconds * 1000;

function report() {
  var seconds = (benchNow() - start) / 1000;
  if (lat.length === 0) return benchFail('no request succeeded: ' + firstError);
  var r = benchLatencySummary(lat, seconds);
  r.errors = errors;
  r.first_error = firstError;
  r.proto = proto;
  benchFinish(r);
}

function one() {
  var t0 = benchNow();
  var failed = false;
  wx.request({
    url: PARAMS.url,
    success: function (res) {
      if (res.statusCode === 200) {
        lat.push(benchNow() - t0);
        if (proto === null) proto = benchHeader(res.header, 'x-bench-proto');
      } else {
        failed = true;
        errors++;
        if (firstError === null) firstError = 'HTTP status ' + res.statusCode;
      }
    },
    fail: function (e) {
      failed = true;
      errors++;
      if (firstError === null) firstError = benchErr(e);
    },
    complete: function () {
      if (benchNow() >= end) {
        running--;
        if (running === 0) report();
      } else if (failed) {
        setTimeout(one, 10); // don't spin on a dead server
      } else {
        one();
      }
    },
  });
}

for (var i = 0; i < PARAMS.concurrency; i++) one();
