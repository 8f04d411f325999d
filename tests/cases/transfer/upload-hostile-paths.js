// Only sandbox paths can be uploaded: traversal, host paths and other
// schemes all fail as "file not found", and no request is made.
var paths = [
  '/etc/passwd',
  '../../etc/passwd',
  'wxfile://usr/../../../etc/passwd',
  'https://usr/../../etc/passwd',
  'wxfile://usr/%2e%2e/%2e%2e/etc/passwd',
  'wxfile://usr/..%2f..%2fetc%2fpasswd',
  'wxfile://usr\\..\\..\\etc\\passwd',
  'wxfile://usr/x\u0000',
  'file:///etc/passwd',
  'http://tmp/passwd',
  'wxfile:///etc/passwd',
  'https://resource/../../etc/passwd',
  'wxfile://tmp_../../etc/passwd',
  '/proc/self/environ',
  '/dev/zero',
  'data:text/plain,abc',
  '',
];
var seen = 0;
paths.forEach(function (p) {
  var t = track(JSON.stringify(p));
  var task = wx.uploadFile(t.opts({ url: CDN + '/upload', filePath: p, name: 'f' }));
  task.onHeadersReceived(function () {
    seen++;
  });
  t.expect('fail', function (res) {
    assertEq(res, { errMsg: 'uploadFile:fail file not found', errno: 1300002 }, p);
  });
});
atEnd(function () {
  assertEq(seen, 0, 'no request was made');
});
