// config: {"networkTimeout": {"uploadFile": 300, "downloadFile": 300}}
// SPEC §3/§4/§6: uploadFile and downloadFile time out after
// networkTimeout.uploadFile / .downloadFile of the app config (wx errMsg
// "<api>:fail timeout", errno 5; my: upload 12, download 12); the `timeout`
// option of a wx call wins over the config; a timed-out download leaves no file.
wx.getFileSystemManager().writeFileSync('wxfile://usr/u.txt', 'u');
var u = track('wx upload config timeout').expect('fail', function (res) {
  assertEq(res, { errMsg: 'uploadFile:fail timeout', errno: 5 });
});
wx.uploadFile(u.opts({ url: CDN + '/delay/5000', filePath: 'wxfile://usr/u.txt', name: 'f' }));
var d = track('wx download config timeout').expect('fail', function (res) {
  assertEq(res, { errMsg: 'downloadFile:fail timeout', errno: 5 });
});
wx.downloadFile(d.opts({ url: CDN + '/download?size=200000&slow=1000' }));
var uo = track('wx upload option wins').expect('success', function (res) {
  assertEq(res.data, '{"delayed":600}');
});
wx.uploadFile(uo.opts({ url: CDN + '/delay/600', filePath: 'wxfile://usr/u.txt', name: 'f', timeout: 5000 }));
var dn = track('wx download option wins').expect('success', function (res) {
  assertEq(res.statusCode, 200);
});
wx.downloadFile(dn.opts({ url: CDN + '/delay/600', timeout: 5000 }));
var mu = track('my upload timeout').expect('fail', function (res) {
  assertEq(res.error, 12);
});
my.uploadFile(mu.opts({ url: CDN + '/delay/5000', filePath: 'https://usr/u.txt', fileName: 'f' }));
var md = track('my download timeout').expect('fail', function (res) {
  assertEq(res.error, 12);
});
my.downloadFile(md.opts({ url: CDN + '/download?size=200000&slow=1000' }));
var wt = track('wx upload timeout option').expect('fail', function (res) {
  assertEq(res, { errMsg: 'uploadFile:fail timeout', errno: 5 });
});
wx.uploadFile(wt.opts({ url: CDN + '/delay/5000', filePath: 'wxfile://usr/u.txt', name: 'f', timeout: 100 }));
atEnd(function () {
  var left = __mh.tempFiles();
  assertEq(left.length, 1, 'only the successful download: ' + JSON.stringify(left));
});
