// UploadTask.abort() mid-body: fail "abort" (wx errno 1 / my 12), nothing
// after it, nothing left in the temp dir; abort after the end does nothing.
var fs = wx.getFileSystemManager();
fs.writeFileSync('wxfile://usr/big.bin', new ArrayBuffer(24 * 1024 * 1024));
var t = track('wx abort');
var progress = 0;
var task = wx.uploadFile(t.opts({ url: CDN + '/upload', filePath: 'wxfile://usr/big.bin', name: 'f' }));
task.onProgressUpdate(function (p) {
  progress++;
  if (progress === 1) {
    assert(p.progress < 100, 'mid-body');
    task.abort();
    task.abort();
  }
});
task.onHeadersReceived(function () {
  throw new Error('no head after abort');
});
t.expect('fail', function (res) {
  assertEq(res, { errMsg: 'uploadFile:fail abort', errno: 1 });
  assertEq(progress, 1, 'no progress after abort');
  assertEq(__mh.tempFiles(), []);
  task.abort();
});
var m = track('my abort');
var mt = my.uploadFile(m.opts({ url: CDN + '/delay/3000', filePath: 'https://usr/big.bin', fileName: 'f' }));
setTimeout(function () {
  mt.abort();
}, 50);
m.expect('fail', function (res) {
  assertEq(res, { error: 12, errorMessage: 'abort' });
});
// Abort right after the call: still asynchronous, exactly fail + complete.
var n = track('immediate');
sync(function () {
  wx.uploadFile(n.opts({ url: CDN + '/upload', filePath: 'wxfile://usr/big.bin', name: 'f' })).abort();
});
n.expect('fail', function (res) {
  assertEq(res.errMsg, 'uploadFile:fail abort');
});
