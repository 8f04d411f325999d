// my: an untrusted certificate is error 19 (SPEC §6).
// config: {"caCerts": []}
var t = track('tls');
my.request(t.opts({ url: SERVER + '/json' }));
t.expect('fail', function (res) {
  assertEq(res.error, 19);
});
