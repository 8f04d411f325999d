// SPEC §4: an aborted download leaves no file behind, already when its
// `fail` runs (the partial .part file is removed before the callback).
var t = track('abort');
var task = wx.downloadFile(t.opts({ url: CDN + '/download?size=10000000&slow=50' }));
var seen = false;
task.onProgressUpdate(function () {
  if (seen) return;
  seen = true;
  assert(__mh.tempFiles().some(function (f) { return /\.part$/.test(f); }), 'a .part file while streaming');
  task.abort();
});
t.expect('fail', function (res) {
  assertEq(res, { errMsg: 'downloadFile:fail abort', errno: 1 });
  assertEq(__mh.tempFiles(), [], 'no file left when fail runs');
});
