// SPEC §2 "Referer is set by the host and cannot be overridden (a user
// Referer is dropped)", whatever the spelling of the name, in every API that
// sends headers (request, uploadFile, downloadFile, connectSocket), in both
// dialects, also through my's `header` alias.
var WXREF = 'https://servicewechat.com/wxcase0123456789/1.0.0/page-frame.html';
var MYREF = 'https://wxcase0123456789.hybrid.alipay-eco.com/wxcase0123456789/1.0.0/page-frame.html';
var spellings = ['Referer', 'referer', 'REFERER', 'rEfErEr'];
spellings.forEach(function (name) {
  var h = {};
  h[name] = 'https://evil.example/';
  var a = track('wx.request ' + name);
  wx.request(a.opts({ url: SERVER + '/echo', header: h }));
  a.expect('success', function (res) {
    assertEq(res.data.headers.referer, WXREF, 'wx ' + name);
  });
  var b = track('my.request headers ' + name);
  my.request(b.opts({ url: SERVER + '/echo', headers: h }));
  b.expect('success', function (res) {
    assertEq(res.data.headers.referer, MYREF, 'my ' + name);
  });
  var c = track('my.request header alias ' + name);
  my.request(c.opts({ url: SERVER + '/echo', header: h }));
  c.expect('success', function (res) {
    assertEq(res.data.headers.referer, MYREF, 'my alias ' + name);
  });
});
var evil = { Referer: 'https://evil.example/' };
var fs = wx.getFileSystemManager();
fs.writeFileSync('wxfile://usr/u.txt', 'u');
var u = track('wx.uploadFile');
wx.uploadFile(u.opts({ url: CDN + '/upload', filePath: 'wxfile://usr/u.txt', name: 'f', header: evil }));
u.expect('success', function (res) {
  assertEq(JSON.parse(res.data).headers.referer, WXREF);
});
var mu = track('my.uploadFile');
my.uploadFile(mu.opts({ url: CDN + '/upload', filePath: 'https://usr/u.txt', fileName: 'f', header: evil }));
mu.expect('success', function (res) {
  assertEq(JSON.parse(res.data).headers.referer, MYREF);
});
var d = track('wx.downloadFile');
wx.downloadFile(d.opts({ url: CDN + '/echo', header: evil }));
d.expect('success', function (res) {
  assertEq(JSON.parse(fs.readFileSync(res.tempFilePath, 'utf8')).headers.referer, WXREF);
});
var md = track('my.downloadFile');
my.downloadFile(md.opts({ url: CDN + '/echo', header: evil }));
md.expect('success', function (res) {
  assertEq(JSON.parse(fs.readFileSync(res.apFilePath, 'utf8')).headers.referer, MYREF);
});
function socketHeaders(name, connect, check) {
  var t = track(name);
  var task = connect();
  task.onMessage(function (res) {
    var h = JSON.parse(res.data);
    task.close({});
    t.success(h);
    t.complete(h);
  });
  t.expect('success', check);
}
socketHeaders('wx.connectSocket', function () {
  return wx.connectSocket({ url: WSS + '/ws/headers', header: evil });
}, function (h) {
  assertEq(hdr(h, 'referer'), WXREF);
});
socketHeaders('my.connectSocket', function () {
  return my.connectSocket({ url: WSS + '/ws/headers', header: evil, multiple: true });
}, function (h) {
  assertEq(hdr(h, 'referer'), MYREF);
});
