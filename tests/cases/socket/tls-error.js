// config: {"caCerts": []}
// An untrusted certificate: wx error event then close 1006; my error 7.
var wxT = track('wx');
var seen = [];
var task = wx.connectSocket({ url: WSS + '/ws/echo' });
task.onError(function (res) {
  seen.push('error');
  assertEq(res.errno, 600001);
  assert(res.errMsg.indexOf('ssl') >= 0, res.errMsg);
});
task.onClose(function (res) {
  seen.push('close ' + res.code);
  wxT.success(res);
  wxT.complete(res);
});
wxT.expect('success', function () {
  assertEq(seen, ['error', 'close 1006']);
});
var myT = track('my').expect('fail', function (res) {
  assertEq(res.error, 7);
});
my.connectSocket(myT.opts({ url: WSS + '/ws/echo', multiple: true }));
