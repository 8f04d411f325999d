// abort() right after the call: fail "request:fail abort" (errno 1) exactly once.
var t = track('wx');
var task = wx.request(t.opts({ url: SERVER + '/delay/2000' }));
var heard = 0;
task.onHeadersReceived(function () { heard++; });
task.abort();
t.expect('fail', function (res) {
  assertEq(res, { errMsg: 'request:fail abort', errno: 1 });
  assertEq(heard, 0);
});
var m = track('my');
var mt = my.request(m.opts({ url: SERVER + '/delay/2000' }));
mt.abort();
m.expect('fail', function (res) {
  assertEq(res, { error: 9, errorMessage: 'abort' });
});
