// wx: cookies lists each Set-Cookie value; wx keeps no cookie jar.
var t = track('set');
wx.request(t.opts({ url: SERVER + '/set-cookie?a=1&b=2' }));
t.expect('success', function (res) {
  assertEq(res.cookies.length, 2);
  assert(res.cookies[0].indexOf('a=1') === 0, res.cookies[0]);
  assert(res.cookies[1].indexOf('b=2') === 0, res.cookies[1]);
  var u = track('no jar');
  wx.request(u.opts({ url: SERVER + '/cookies' }));
  u.expect('success', function (r) {
    assertEq(r.data, { cookie: null });
  });
});
