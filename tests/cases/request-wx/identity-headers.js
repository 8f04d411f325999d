// SPEC §2 headers and identity: fixed Referer, forbidden headers dropped,
// Cookie allowed, Accept-Encoding default, default content-type.
var t = track('h');
wx.request(t.opts({
  url: SERVER + '/echo',
  method: 'POST',
  data: { a: 1 },
  header: {
    Referer: 'https://evil.example/',
    Host: 'evil.example',
    'Content-Length': '999',
    Connection: 'close',
    'Transfer-Encoding': 'chunked',
    Cookie: 'k=v',
  },
}));
t.expect('success', function (res) {
  var h = res.data.headers;
  assertEq(h.referer, 'https://servicewechat.com/wxcase0123456789/1.0.0/page-frame.html');
  assert(h.host === undefined || h.host.indexOf('api.minihost.test') === 0, 'host not overridden: ' + h.host);
  assertEq(h['content-length'], '7');
  assert(h['transfer-encoding'] === undefined, 'no transfer-encoding');
  assertEq(h.cookie, 'k=v');
  assertEq(h['accept-encoding'], 'gzip, deflate, br');
  assertEq(h['content-type'], 'application/json');
  assertEq(res.data.body, '{"a":1}');
});
