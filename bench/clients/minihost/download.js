// wx.downloadFile of PARAMS.url (PARAMS.size bytes) PARAMS.iterations times, one
// after the other; each is timed from the call to `success`.
var runs = [];
var proto = null;
var done = 0;

function statSize(path) {
  try {
    return wx.getFileSystemManager().statSync(path).size;
  } catch (e) {
    return null; // stat not available: trust the host
  }
}

function next() {
  if (done >= PARAMS.iterations) {
    return benchFinish({ mib_s: benchMedian(runs), runs_mib_s: runs, bytes: PARAMS.size, proto: proto });
  }
  var t0 = benchNow();
  wx.downloadFile({
    url: PARAMS.url,
    success: function (res) {
      var secs = (benchNow() - t0) / 1000;
      if (res.statusCode !== 200) return benchFail('HTTP status ' + res.statusCode);
      var size = statSize(res.tempFilePath);
      if (size !== null && size !== PARAMS.size) {
        return benchFail('saved ' + size + ' bytes, expected ' + PARAMS.size);
      }
      proto = benchHeader(res.header, 'x-bench-proto');
      runs.push(PARAMS.size / 1048576 / Math.max(secs, 1e-6));
      benchUnlink(res.tempFilePath);
      done++;
      next();
    },
    fail: function (e) {
      benchFail(benchErr(e));
    },
  });
}

// Untimed: the downloads then run on a warm keep-alive connection, like every client's.
if (PARAMS.warmUrl) {
  wx.request({
    url: PARAMS.warmUrl,
    success: function () { next(); },
    fail: function (e) { benchFail('warm-up: ' + benchErr(e)); },
  });
} else {
  next();
}
