// Connection failures: 600001 with the detail after "request:fail ".
var t = track('refused');
wx.request(t.opts({ url: DEAD + '/json' }));
t.expect('fail', function (res) {
  assertEq(Object.keys(res).sort(), ['errMsg', 'errno']);
  assertEq(res.errno, 600001);
  assert(res.errMsg.indexOf('request:fail ') === 0 && res.errMsg.length > 13, res.errMsg);
});
var u = track('truncated');
wx.request(u.opts({ url: SERVER + '/truncate?size=1000&cut=100' }));
u.expect('fail', function (res) {
  assertEq(res.errno, 600001);
});
