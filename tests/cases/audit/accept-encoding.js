// SPEC §2: the host sends Accept-Encoding: gzip, deflate, br unless the
// script set one (then the script's value is sent), both dialects; the body
// is decoded transparently.
var a = track('my default');
my.request(a.opts({ url: SERVER + '/echo' }));
a.expect('success', function (res) {
  assertEq(res.data.headers['accept-encoding'], 'gzip, deflate, br');
});
var b = track('wx own value');
wx.request(b.opts({ url: SERVER + '/echo', header: { 'Accept-Encoding': 'identity' } }));
b.expect('success', function (res) {
  assertEq(res.data.headers['accept-encoding'], 'identity');
});
var c = track('my own value, lower-case name');
my.request(c.opts({ url: SERVER + '/echo', headers: { 'accept-encoding': 'gzip' } }));
c.expect('success', function (res) {
  assertEq(res.data.headers['accept-encoding'], 'gzip');
});
var d = track('my gzip decoded');
my.request(d.opts({ url: SERVER + '/gzip' }));
d.expect('success', function (res) {
  assertEq(res.data, { gzip: true });
});
var e = track('wx gzip decoded with the script asking for gzip');
wx.request(e.opts({ url: SERVER + '/gzip', header: { 'Accept-Encoding': 'gzip' } }));
e.expect('success', function (res) {
  assertEq(res.data, { gzip: true });
});
var f = track('download default accept-encoding');
wx.downloadFile(f.opts({ url: CDN + '/echo' }));
f.expect('success', function (res) {
  var echo = JSON.parse(wx.getFileSystemManager().readFileSync(res.tempFilePath, 'utf8'));
  assertEq(echo.headers['accept-encoding'], 'gzip, deflate, br');
});
