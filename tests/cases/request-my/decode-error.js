// my: JSON that does not parse -> error 14 (with status, headers and the text);
// text that is not UTF-8 -> error 14.
var t = track('json');
my.request(t.opts({ url: SERVER + '/text' }));
t.expect('fail', function (res) {
  assertEq(Object.keys(res).sort(), ['data', 'error', 'errorMessage', 'headers', 'status']);
  assertEq(res.error, 14);
  assertEq(res.errorMessage, 'JSON parse data error');
  assertEq(res.status, 200);
  assertEq(res.data, 'hello, not json');
});
var u = track('utf8');
my.request(u.opts({ url: SERVER + '/invalid-utf8', dataType: 'text' }));
u.expect('fail', function (res) {
  assertEq(res.error, 14);
});
