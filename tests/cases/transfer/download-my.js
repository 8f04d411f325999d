// my.downloadFile: {apFilePath, tempFilePath} (same https://resource/ path),
// readable with both dialects' file managers.
var t = track('download');
var prog = [];
var task = my.downloadFile(t.opts({ url: CDN + '/download?size=1000&type=text/plain', headers: { 'X-A': 'b' } }));
task.onProgressUpdate(function (p) {
  prog.push(p);
});
var heads = [];
task.onHeadersReceived(function (h) {
  heads.push(h);
});
t.expect('success', function (res) {
  assert(/^https:\/\/resource\/[0-9a-z]+\.txt$/.test(res.apFilePath), res.apFilePath);
  assertEq(res.tempFilePath, res.apFilePath);
  assertEq(res.statusCode, 200);
  assert(res.errMsg === undefined, 'no errMsg in my');
  assertEq(bytes(my.getFileSystemManager().readFileSync(res.apFilePath)), pattern(1000));
  var name = res.apFilePath.slice('https://resource/'.length);
  assertEq(bytes(wx.getFileSystemManager().readFileSync('wxfile://tmp_' + name)), pattern(1000));
  assertEq(heads.length, 1);
  assertEq(heads[0].status, 200);
  assertEq(hdr(heads[0].headers, 'content-type'), 'text/plain');
  assertEq(prog[prog.length - 1], { progress: 100, totalBytesWritten: 1000, totalBytesExpectedToWrite: 1000 });
});
// The seed's error codes: 20 for http, 13 for a host not in the list.
var h = track('http');
my.downloadFile(h.opts({ url: HTTP + '/download?size=1' }));
h.expect('fail', function (res) {
  assertEq(res, { error: 20, errorMessage: 'http url is not supported' });
});
var o = track('other');
my.downloadFile(o.opts({ url: OTHER + '/download?size=1' }));
o.expect('fail', function (res) {
  assertEq(res, { error: 13, errorMessage: 'no access' });
});
var p = track('no url');
my.downloadFile(p.opts({}));
p.expect('fail', function (res) {
  assertEq(res.error, 2);
});
