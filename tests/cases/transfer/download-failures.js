// Truncated bodies, the size cap and timeouts fail and leave no file.
// config: {"limits": {"maxDownloadBytes": 100000}}
function fails(name, o, check) {
  var t = track(name);
  wx.downloadFile(t.opts(o));
  t.expect('fail', function (res) {
    check(res);
  });
}
fails('truncated', { url: CDN + '/download?size=90000&truncate=30000' }, function (res) {
  assertEq(res.errno, 600001);
  assert(/^downloadFile:fail /.test(res.errMsg), res.errMsg);
});
fails('truncated chunked', { url: CDN + '/download?size=90000&truncate=30000&chunked=1' }, function (res) {
  assertEq(res.errno, 600001);
});
fails('over the cap (length)', { url: CDN + '/download?size=100001' }, function (res) {
  assertEq(res, { errMsg: 'downloadFile:fail exceed max file size', errno: 603301 });
});
fails('over the cap (no length)', { url: CDN + '/download?size=3000000&nolength=1' }, function (res) {
  assertEq(res, { errMsg: 'downloadFile:fail exceed max file size', errno: 603301 });
});
fails('timeout', { url: CDN + '/download?size=90000&slow=1000', timeout: 300 }, function (res) {
  assertEq(res, { errMsg: 'downloadFile:fail timeout', errno: 5 });
});
fails('other host', { url: OTHER + '/download' }, function (res) {
  assertEq(res, { errMsg: 'downloadFile:fail url not in domain list', errno: 600002 });
});
fails('redirect out', { url: CDN + '/redirect-to?url=' + encodeURIComponent(OTHER + '/download') }, function (res) {
  assertEq(res, { errMsg: 'downloadFile:fail url not in domain list', errno: 600002 });
});
var m = track('my over the cap');
my.downloadFile(m.opts({ url: CDN + '/download?size=200000' }));
m.expect('fail', function (res) {
  assertEq(res.error, 12);
});
var ok = track('exactly the cap');
var saved = null;
wx.downloadFile(ok.opts({ url: CDN + '/download?size=100000' }));
ok.expect('success', function (res) {
  assertEq(wx.getFileSystemManager().statSync(res.tempFilePath).size, 100000);
  saved = res.tempFilePath.slice('wxfile://tmp_'.length);
});
// Once everything settled, the one saved file is all the temp dir holds.
atEnd(function () {
  assertEq(__mh.tempFiles(), [saved]);
});
