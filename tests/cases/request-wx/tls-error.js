// An untrusted certificate is a connection failure (600001).
// config: {"caCerts": []}
var t = track('tls');
wx.request(t.opts({ url: SERVER + '/json' }));
t.expect('fail', function (res) {
  assertEq(res.errno, 600001);
  assert(res.errMsg.indexOf('request:fail ') === 0, res.errMsg);
});
