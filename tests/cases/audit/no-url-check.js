// args: --no-url-check
// SPEC §7/§11: --no-url-check (dev mode) skips the domain policy and the
// https rule for every API: an unlisted host, plain http and ws:// work, and
// the referer version becomes devtools.
var a = track('unlisted host').expect('success', function (res) {
  assertEq(res.statusCode, 200);
  assertEq(res.data.headers.referer, 'https://servicewechat.com/wxcase0123456789/devtools/page-frame.html');
});
wx.request(a.opts({ url: OTHER + '/echo' }));
var b = track('http').expect('success', function (res) {
  assertEq(res.status, 200);
  assertEq(res.data.headers.referer, 'https://wxcase0123456789.hybrid.alipay-eco.com/wxcase0123456789/devtools/page-frame.html');
});
my.request(b.opts({ url: HTTP + '/echo' }));
var c = track('download unlisted').expect('success');
wx.downloadFile(c.opts({ url: OTHER + '/download?size=3' }));
var d = track('my download http').expect('success');
my.downloadFile(d.opts({ url: HTTP + '/download?size=3' }));
wx.getFileSystemManager().writeFileSync('wxfile://usr/u.txt', 'u');
var e = track('upload unlisted').expect('success', function (res) {
  assertEq(JSON.parse(res.data).headers.referer, 'https://servicewechat.com/wxcase0123456789/devtools/page-frame.html');
});
wx.uploadFile(e.opts({ url: OTHER + '/upload', filePath: 'wxfile://usr/u.txt', name: 'f' }));
var f = track('ws://').expect('success');
var ft = my.connectSocket(f.opts({ url: HTTP.replace('http:', 'ws:') + '/ws/headers', multiple: true }));
var g = track('socket referer');
ft.onMessage(function (res) {
  var h = JSON.parse(res.data);
  ft.close();
  g.success(h);
  g.complete(h);
});
g.expect('success', function (h) {
  assertEq(hdr(h, 'referer'), 'https://wxcase0123456789.hybrid.alipay-eco.com/wxcase0123456789/devtools/page-frame.html');
});
