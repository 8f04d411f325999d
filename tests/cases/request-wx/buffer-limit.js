// A buffered body over maxBufferedBody: 602300.
// config: {"limits": {"maxBufferedBody": 1000}}
var t = track('big');
wx.request(t.opts({ url: SERVER + '/bytes/5000' }));
t.expect('fail', function (res) {
  assertEq(res, { errMsg: 'request:fail native buffer exceed size limit', errno: 602300 });
});
var s = track('small');
wx.request(s.opts({ url: SERVER + '/bytes/1000', responseType: 'arraybuffer' }));
s.expect('success', function (res) {
  assertEq(res.data.byteLength, 1000);
});
