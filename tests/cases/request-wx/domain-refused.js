// Domain policy (600002): unlisted host, http, IP literal, localhost, userinfo.
[
  ['unlisted', OTHER + '/json'],
  ['http', HTTP + '/json'],
  ['ip', 'https://127.0.0.1:' + SERVER.split(':')[2] + '/json'],
  ['localhost', 'https://localhost:' + SERVER.split(':')[2] + '/json'],
  ['userinfo', SERVER.replace('https://', 'https://user:pw@') + '/json'],
].forEach(function (c) {
  var t = track(c[0]);
  wx.request(t.opts({ url: c[1] }));
  t.expect('fail', function (res) {
    assertEq(res, { errMsg: 'request:fail url not in domain list', errno: 600002 }, c[0]);
  });
});
