// my keeps a cookie jar per app: Set-Cookie is sent back automatically.
var t = track('set');
my.request(t.opts({ url: SERVER + '/set-cookie?session=abc' }));
t.expect('success', function () {
  var u = track('sent back');
  my.request(u.opts({ url: SERVER + '/cookies' }));
  u.expect('success', function (res) {
    assertEq(res.data, { cookie: 'session=abc' });
  });
});
