// wx: any HTTP status is a success.
var t = track('404');
wx.request(t.opts({ url: SERVER + '/status/404' }));
t.expect('success', function (res) {
  assertEq(res.statusCode, 404);
  assertEq(res.data, { status: 404 });
  assertEq(res.errMsg, 'request:ok');
});
var u = track('503');
wx.request(u.opts({ url: SERVER + '/status/503' }));
u.expect('success', function (res) {
  assertEq(res.statusCode, 503);
});
