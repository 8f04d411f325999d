// config: {"urlCheck": false}
// SPEC §2 "https→http never followed" holds in dev mode too (where the
// domain policy is off): the plain-http target is never reached.
var t = track('downgrade');
wx.request(t.opts({ url: SERVER + '/redirect-to?url=' + encodeURIComponent(HTTP + '/echo/reached') }));
atEnd(function () {
  assertEq(t.calls.length, 2);
  var r = t.res;
  assert(!(r.statusCode === 200 && r.data && r.data.path === '/echo/reached'), 'followed to http: ' + JSON.stringify(r));
});
var m = track('my downgrade');
my.request(m.opts({ url: SERVER + '/redirect-to?url=' + encodeURIComponent(HTTP + '/echo/reached') }));
atEnd(function () {
  assertEq(m.calls.length, 2);
  var r = m.res;
  assert(!(r.status === 200 && r.data && r.data.path === '/echo/reached'), 'my followed to http: ' + JSON.stringify(r));
});
// http -> http is fine in dev mode.
var p = track('plain http');
wx.request(p.opts({ url: HTTP + '/redirect/1' }));
p.expect('success', function (res) {
  assertEq(res.data.path, '/echo');
  assertEq(res.data.headers.referer, 'https://servicewechat.com/wxcase0123456789/devtools/page-frame.html');
});
var mp = track('my plain http referer devtools');
my.request(mp.opts({ url: HTTP + '/echo' }));
mp.expect('success', function (res) {
  assertEq(res.data.headers.referer, 'https://wxcase0123456789.hybrid.alipay-eco.com/wxcase0123456789/devtools/page-frame.html');
});
