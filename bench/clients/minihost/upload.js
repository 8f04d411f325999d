// wx.uploadFile (multipart/form-data, field "file") of a PARAMS.size-byte file to
// PARAMS.url, PARAMS.iterations times; each is timed from the call to `success`.
// A script can only upload files of its sandbox, so the file is first fetched into
// the sandbox with wx.downloadFile from PARAMS.sourceUrl (not timed).
var runs = [];
var proto = null;
var done = 0;

function next(filePath) {
  if (done >= PARAMS.iterations) {
    benchUnlink(filePath);
    return benchFinish({ mib_s: benchMedian(runs), runs_mib_s: runs, bytes: PARAMS.size, proto: proto });
  }
  var t0 = benchNow();
  wx.uploadFile({
    url: PARAMS.url,
    filePath: filePath,
    name: 'file',
    success: function (res) {
      var secs = (benchNow() - t0) / 1000;
      if (res.statusCode !== 200) return benchFail('HTTP status ' + res.statusCode + ': ' + res.data);
      proto = benchHeader(res.header, 'x-bench-proto');
      runs.push(PARAMS.size / 1048576 / Math.max(secs, 1e-6));
      done++;
      next(filePath);
    },
    fail: function (e) {
      benchFail(benchErr(e));
    },
  });
}

wx.downloadFile({
  url: PARAMS.sourceUrl,
  success: function (res) {
    if (res.statusCode !== 200) return benchFail('fetching the upload file: HTTP status ' + res.statusCode);
    next(res.tempFilePath);
  },
  fail: function (e) {
    benchFail('fetching the upload file: ' + benchErr(e));
  },
});
