// my: networkTimeout.request is the default timeout too (error 13).
// config: {"networkTimeout": {"request": 200}}
var t = track('t');
my.request(t.opts({ url: SERVER + '/delay/5000' }));
t.expect('fail', function (res) {
  assertEq(res.error, 13);
});
