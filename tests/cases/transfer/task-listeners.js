// exit: 1
// Task methods are always present; off(f) removes one listener, off() all.
var up = wx.uploadFile({ url: CDN + '/upload', filePath: 'wxfile://usr/none', name: 'f' });
var dl = my.downloadFile({ url: OTHER + '/x' });
['abort', 'onProgressUpdate', 'offProgressUpdate', 'onHeadersReceived', 'offHeadersReceived'].forEach(function (m) {
  assert(typeof up[m] === 'function', 'UploadTask.' + m);
  assert(typeof dl[m] === 'function', 'DownloadTask.' + m);
});
var a = 0;
var b = 0;
var c = 0;
var t = track('off');
var task = wx.downloadFile(t.opts({ url: CDN + '/download?size=200000' }));
function fa() {
  a++;
}
function fb() {
  b++;
}
task.onProgressUpdate(fa);
task.onProgressUpdate(fb);
task.offProgressUpdate(fa);
task.onHeadersReceived(function () {
  c++;
});
task.offHeadersReceived();
t.expect('success', function () {
  assertEq([a, c], [0, 0]);
  assert(b > 0, 'the remaining listener ran');
});
// A listener that throws is reported (exit code 1) and does not break the task.
var u = track('throwing listener');
var task2 = wx.downloadFile(u.opts({ url: CDN + '/download?size=10' }));
task2.onHeadersReceived(function () {
  throw new Error('listener boom');
});
u.expect('success');
