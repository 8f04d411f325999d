// wx.downloadFile: saved to a wxfile://tmp_ path (extension from the
// Content-Type), success shape, headers then progress, last progress 100.
var fs = wx.getFileSystemManager();
var saved = [];
var events = [];
var t = track('download');
var task = sync(function () {
  return wx.downloadFile(t.opts({ url: CDN + '/download?size=300000&type=image/png', header: { 'X-A': 'b' } }));
});
task.onHeadersReceived(function (h) {
  events.push(['headers', h.statusCode, hdr(h.header, 'content-length')]);
});
task.onProgressUpdate(function (p) {
  events.push(['progress', p]);
});
t.expect('success', function (res) {
  assertEq(Object.keys(res).sort(), ['errMsg', 'header', 'statusCode', 'tempFilePath']);
  assertEq(res.errMsg, 'downloadFile:ok');
  assertEq(res.statusCode, 200);
  assert(/^wxfile:\/\/tmp_[0-9a-z]+\.png$/.test(res.tempFilePath), res.tempFilePath);
  assertEq(hdr(res.header, 'content-type'), 'image/png');
  var buf = fs.readFileSync(res.tempFilePath);
  assertEq(buf.byteLength, 300000);
  var a = new Uint8Array(buf);
  for (var i = 0; i < a.length; i += 997) assert(a[i] === i % 251, 'byte ' + i);
  assertEq(fs.statSync(res.tempFilePath).size, 300000);
  assertEq(events[0], ['headers', 200, '300000']);
  var last = -1;
  for (var j = 1; j < events.length; j++) {
    var p = events[j][1];
    assertEq(events[j][0], 'progress');
    assertEq(Object.keys(p).sort(), ['progress', 'totalBytesExpectedToWrite', 'totalBytesWritten']);
    assert(p.totalBytesWritten > last, 'monotonic');
    last = p.totalBytesWritten;
    assertEq(p.totalBytesExpectedToWrite, 300000);
    assertEq(p.progress, Math.floor((p.totalBytesWritten * 100) / 300000));
  }
  assertEq(events[events.length - 1][1], { progress: 100, totalBytesWritten: 300000, totalBytesExpectedToWrite: 300000 });
  saved.push(res.tempFilePath);
  // The same file in the my form.
  assertEq(my.getFileSystemManager().statSync('https://resource/' + res.tempFilePath.slice(13)).size, 300000);
});
// Any status is saved.
var s = track('404');
wx.downloadFile(s.opts({ url: CDN + '/download?size=5&status=404' }));
s.expect('success', function (res) {
  assertEq(res.statusCode, 404);
  assertEq(bytes(fs.readFileSync(res.tempFilePath)), pattern(5));
  saved.push(res.tempFilePath);
});
// Extension from the URL path wins; gzip is decoded on the way to disk.
var g = track('gzip');
wx.downloadFile(g.opts({ url: CDN + '/gzip' }));
g.expect('success', function (res) {
  assert(/\.json$/.test(res.tempFilePath), res.tempFilePath);
  assertEq(fs.readFileSync(res.tempFilePath, 'utf8'), '{"gzip":true}');
  saved.push(res.tempFilePath);
});
// The temp dir holds the three saved files and nothing else (no .part).
atEnd(function () {
  var names = saved
    .map(function (p) {
      return p.slice('wxfile://tmp_'.length);
    })
    .sort();
  assertEq(__mh.tempFiles(), names);
});
