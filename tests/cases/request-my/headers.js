// my: `headers` (alias `header`) values must be strings, else error 2.
var a = track('headers');
my.request(a.opts({ url: SERVER + '/echo', headers: { 'X-A': '1' } }));
a.expect('success', function (res) {
  assertEq(res.data.headers['x-a'], '1');
});
var b = track('alias');
my.request(b.opts({ url: SERVER + '/echo', header: { 'X-B': '2' } }));
b.expect('success', function (res) {
  assertEq(res.data.headers['x-b'], '2');
});
var c = track('non-string');
my.request(c.opts({ url: SERVER + '/echo', headers: { 'X-C': 3 } }));
c.expect('fail', function (res) {
  assertEq(res, { error: 2, errorMessage: 'parameter error: parameter.headers.X-C should be String instead of Number;' });
});
var d = track('not an object');
my.request(d.opts({ url: SERVER + '/echo', headers: 'x' }));
d.expect('fail', function (res) {
  assertEq(res.error, 2);
});
var e = track('default content-type and referer');
my.request(e.opts({ url: SERVER + '/echo', method: 'POST', data: { k: 'v' } }));
e.expect('success', function (res) {
  assertEq(res.data.headers['content-type'], 'application/json');
  assertEq(res.data.body, '{"k":"v"}');
  assertEq(res.data.headers.referer,
    'https://wxcase0123456789.hybrid.alipay-eco.com/wxcase0123456789/1.0.0/page-frame.html');
});
