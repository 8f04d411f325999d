// A listener that throws: reported (exit 1); later listeners and the
// callbacks still run.
// exit: 1
var t = track('l');
var task = wx.request(t.opts({ url: SERVER + '/stream?chunks=2&interval=10&size=3' }));
var second = 0, chunks = 0;
task.onHeadersReceived(function () { throw new Error('headers listener'); });
task.onHeadersReceived(function () { second++; });
task.onChunkReceived(function () { chunks++; throw new Error('chunk listener'); });
t.expect('success', function (res) {
  assertEq(second, 1);
  assertEq(chunks, 2);
  assertEq(res.data, 'aaabbb');
});
