// downloadFile with filePath: saved there ({filePath} instead of
// tempFilePath); outside the user data path it is refused before any I/O.
var fs = wx.getFileSystemManager();
fs.mkdirSync(wx.env.USER_DATA_PATH + '/dl', true);
var t = track('user path');
wx.downloadFile(t.opts({ url: CDN + '/download?size=4000', filePath: 'wxfile://usr/dl/file.bin' }));
t.expect('success', function (res) {
  assertEq(Object.keys(res).sort(), ['errMsg', 'filePath', 'header', 'statusCode']);
  assertEq(res.filePath, 'wxfile://usr/dl/file.bin');
  assertEq(bytes(fs.readFileSync('https://usr/dl/file.bin')), pattern(4000));
});
['wxfile://tmp_x.bin', '/tmp/x.bin', 'wxfile://usr/../x.bin', 'file:///tmp/x.bin'].forEach(function (p) {
  var b = track(p);
  var heads = 0;
  wx.downloadFile(b.opts({ url: CDN + '/download?size=10', filePath: p })).onHeadersReceived(function () {
    heads++;
  });
  b.expect('fail', function (res) {
    assertEq(res.errMsg, 'downloadFile:fail permission denied, open ' + p);
    assertEq(res.errno, 1300013);
    assertEq(heads, 0);
  });
});
// A missing parent: the download fails and leaves nothing.
var m = track('no parent');
wx.downloadFile(m.opts({ url: CDN + '/download?size=10', filePath: 'wxfile://usr/nodir/x.bin' }));
m.expect('fail', function (res) {
  assertEq(res, { errMsg: 'downloadFile:fail no such file or directory, open wxfile://usr/nodir/x.bin', errno: 1300002 });
});
// Saved to the user dir: nothing in the temp dir.
atEnd(function () {
  assertEq(__mh.tempFiles(), []);
});
