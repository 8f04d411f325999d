// abort() after the first chunk: no later chunk, fail abort exactly once.
var t = track('b');
var task = wx.request(t.opts({ url: SERVER + '/stream?chunks=10&interval=60&size=10' }));
var chunks = 0;
task.onChunkReceived(function () {
  chunks++;
  if (chunks === 1) task.abort();
});
t.expect('fail', function (res) {
  assertEq(res, { errMsg: 'request:fail abort', errno: 1 });
  assertEq(chunks, 1);
});
var m = track('my');
var mt = my.request(m.opts({ url: SERVER + '/stream?chunks=10&interval=60&size=10', dataType: 'text' }));
mt.onChunkReceived(function () { mt.abort(); });
m.expect('fail', function (res) {
  assertEq(res, { error: 9, errorMessage: 'abort' });
});
