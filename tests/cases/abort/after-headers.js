// abort() inside onHeadersReceived: fail abort, no chunk, no success.
var t = track('h');
var task = wx.request(t.opts({ url: SERVER + '/stream?chunks=5&interval=100&size=10' }));
var chunks = 0;
task.onHeadersReceived(function () {
  task.abort();
});
task.onChunkReceived(function () { chunks++; });
t.expect('fail', function (res) {
  assertEq(res, { errMsg: 'request:fail abort', errno: 1 });
  assertEq(chunks, 0);
});
