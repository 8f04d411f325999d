// abort() twice: still one fail. abort() on a task that failed its
// parameters: only the parameter error.
var t = track('twice');
var task = wx.request(t.opts({ url: SERVER + '/delay/1000' }));
task.abort();
task.abort();
t.expect('fail', function (res) {
  assertEq(res.errMsg, 'request:fail abort');
});
var p = track('param');
var pt = wx.request(p.opts({ url: 42 }));
pt.abort();
p.expect('fail', function (res) {
  assertEq(res.errno, 600005);
});
var m = track('my twice');
var mt = my.request(m.opts({ url: SERVER + '/delay/1000' }));
setTimeout(function () {
  mt.abort();
  mt.abort();
}, 50);
m.expect('fail', function (res) {
  assertEq(res.error, 9);
});
