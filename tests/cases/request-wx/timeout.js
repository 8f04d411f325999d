// wx timeout: `timeout` option -> {errMsg: 'request:fail timeout', errno: 5}.
var t = track('t');
wx.request(t.opts({ url: SERVER + '/delay/5000', timeout: 200 }));
t.expect('fail', function (res) {
  assertEq(res, { errMsg: 'request:fail timeout', errno: 5 });
});
