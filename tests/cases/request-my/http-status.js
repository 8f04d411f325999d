// my: status >= 400 -> error 19, checked before decoding (19 wins over 14);
// the fail object keeps status, headers and data.
var t = track('404');
my.request(t.opts({ url: SERVER + '/status/404' }));
t.expect('fail', function (res) {
  assertEq(Object.keys(res).sort(), ['data', 'error', 'errorMessage', 'headers', 'status']);
  assertEq(res.error, 19);
  assertEq(res.errorMessage, 'http status error');
  assertEq(res.status, 404);
  assertEq(res.data, { status: 404 });
});
var u = track('not json 500');
my.request(u.opts({ url: SERVER + '/download?size=10&status=500' }));
u.expect('fail', function (res) {
  assertEq(res.error, 19);
  assertEq(res.status, 500);
});
var v = track('399 is fine');
my.request(v.opts({ url: SERVER + '/status/399', dataType: 'text' }));
v.expect('success', function (res) {
  assertEq(res.status, 399);
  assertEq(res.data, '{"status":399}');
});
