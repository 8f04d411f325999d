// SPEC §2: my keeps one cookie jar per app, sent automatically by every my
// HTTP API (request, downloadFile, uploadFile) and filled by their
// Set-Cookie answers (per host, in the order they were set); wx has no jar
// (wx.request / wx.downloadFile send no cookie); a script's own Cookie header
// wins over the jar.
var fs = wx.getFileSystemManager();
fs.writeFileSync('wxfile://usr/u', 'u');
var set = track('my.request sets').expect('success', function () {
  var a = track('my.request sends').expect('success', function (res) {
    assertEq(res.data, { cookie: 'dl=2; sid=1' });
  });
  my.request(a.opts({ url: SERVER + '/cookies' }));
  var b = track('my.downloadFile sends').expect('success', function (res) {
    assertEq(JSON.parse(fs.readFileSync(res.apFilePath, 'utf8')), { cookie: 'dl=2; sid=1' });
  });
  my.downloadFile(b.opts({ url: SERVER + '/cookies' }));
  var c = track('my.uploadFile sends').expect('success', function (res) {
    assertEq(JSON.parse(res.data).headers.cookie, 'dl=2; sid=1');
  });
  my.uploadFile(c.opts({ url: SERVER + '/upload', filePath: 'wxfile://usr/u', fileName: 'f' }));
  var d = track('wx.request does not').expect('success', function (res) {
    assertEq(res.data, { cookie: null });
  });
  wx.request(d.opts({ url: SERVER + '/cookies' }));
  var e = track('wx.downloadFile does not').expect('success', function (res) {
    assertEq(JSON.parse(fs.readFileSync(res.tempFilePath, 'utf8')), { cookie: null });
  });
  wx.downloadFile(e.opts({ url: SERVER + '/cookies' }));
  var f = track('own Cookie wins').expect('success', function (res) {
    assertEq(res.data, { cookie: 'mine=1' });
  });
  my.request(f.opts({ url: SERVER + '/cookies', headers: { Cookie: 'mine=1' } }));
});
var dl = track('my.downloadFile sets').expect('success', function () {
  my.request(set.opts({ url: SERVER + '/set-cookie?sid=1' }));
});
my.downloadFile(dl.opts({ url: SERVER + '/set-cookie?dl=2' }));
