// DownloadTask.abort() mid-body: fail abort, the partial file is removed.
var t = track('abort');
var n = 0;
var task = wx.downloadFile(t.opts({ url: CDN + '/download?size=10000000&slow=50' }));
task.onProgressUpdate(function (p) {
  n++;
  if (n === 1) {
    assert(p.totalBytesWritten < 10000000, 'mid-body');
    assert(
      __mh.tempFiles().some(function (f) {
        return /\.part$/.test(f);
      }),
      'streams into a .part file'
    );
    task.abort();
  }
});
t.expect('fail', function (res) {
  assertEq(res, { errMsg: 'downloadFile:fail abort', errno: 1 });
  assertEq(n, 1, 'no progress after abort');
});
var m = track('my abort');
var mt = my.downloadFile(m.opts({ url: CDN + '/download?size=10000000&slow=50' }));
mt.onHeadersReceived(function () {
  mt.abort();
});
m.expect('fail', function (res) {
  assertEq(res, { error: 12, errorMessage: 'abort' });
});
atEnd(function () {
  assertEq(__mh.tempFiles(), []);
});
