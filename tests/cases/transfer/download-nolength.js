// Without Content-Length the total is unknown (0, progress 0) until the last
// progress event, which carries it (progress 100).
var t = track('nolength');
var prog = [];
var task = wx.downloadFile(t.opts({ url: CDN + '/download?size=1000000&nolength=1' }));
task.onProgressUpdate(function (p) {
  prog.push(p);
});
t.expect('success', function (res) {
  assert(prog.length >= 2, 'several progress events');
  var last = prog.pop();
  assertEq(last, { progress: 100, totalBytesWritten: 1000000, totalBytesExpectedToWrite: 1000000 });
  prog.forEach(function (p) {
    assertEq([p.progress, p.totalBytesExpectedToWrite], [0, 0]);
  });
  assertEq(wx.getFileSystemManager().statSync(res.tempFilePath).size, 1000000);
});
