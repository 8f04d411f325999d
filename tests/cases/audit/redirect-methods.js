// SPEC §2 redirect follow, as a developer moving from the platform expects
// (browser semantics): 301/302/303 turn a POST into a body-less GET, 307/308
// repeat the method and the body; the Referer stays the host's.
[[301, 'GET', ''], [302, 'GET', ''], [303, 'GET', ''], [307, 'POST', '{"a":1}'], [308, 'POST', '{"a":1}']].forEach(function (c) {
  var t = track(String(c[0]));
  wx.request(t.opts({
    url: SERVER + '/redirect-to?status=' + c[0] + '&url=' + encodeURIComponent(SERVER + '/echo'),
    method: 'POST',
    data: { a: 1 },
  }));
  t.expect('success', function (res) {
    assertEq([res.statusCode, res.data.method, res.data.body], [200, c[1], c[2]], String(c[0]));
    assertEq(res.data.headers.referer, 'https://servicewechat.com/wxcase0123456789/1.0.0/page-frame.html');
  });
});
var m = track('my 307');
my.request(m.opts({ url: SERVER + '/redirect-to?status=307&url=' + encodeURIComponent(SERVER + '/echo'), method: 'PUT', data: 'x' }));
m.expect('success', function (res) {
  assertEq([res.data.method, res.data.body], ['PUT', 'x']);
});
