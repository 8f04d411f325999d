// networkTimeout.request of the app config is the default timeout.
// config: {"networkTimeout": {"request": 200}}
var t = track('t');
wx.request(t.opts({ url: SERVER + '/delay/5000' }));
t.expect('fail', function (res) {
  assertEq(res, { errMsg: 'request:fail timeout', errno: 5 });
});
var u = track('per call wins');
wx.request(u.opts({ url: SERVER + '/delay/400', timeout: 5000 }));
u.expect('success', function (res) {
  assertEq(res.data, { delayed: 400 });
});
