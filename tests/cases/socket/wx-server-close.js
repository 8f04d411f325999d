// The server closes with a code and reason: onClose gets them, no onError;
// binary messages from the server arrive as ArrayBuffer.
var closed = track('closed');
var errors = 0;
var task = wx.connectSocket({ url: WSS + '/ws/close?code=4001&reason=bye%20now' });
task.onError(function () {
  errors++;
});
task.onClose(function (res) {
  closed.success(res);
  closed.complete(res);
});
closed.expect('success', function (res) {
  assertEq(res, { code: 4001, reason: 'bye now' });
  assertEq(errors, 0);
  assertEq(task.readyState, 3);
});

var binClosed = track('binary');
var bin = wx.connectSocket({ url: WSS + '/ws/binary' });
bin.onMessage(function (res) {
  assert(res.data instanceof ArrayBuffer, 'ArrayBuffer');
  var want = [];
  for (var i = 0; i < 256; i++) want.push(i);
  assertEq(bytes(res.data), want);
  bin.close({ code: 1000 });
});
bin.onClose(function (res) {
  binClosed.success(res);
  binClosed.complete(res);
});
binClosed.expect('success', function (res) {
  assertEq(res.code, 1000);
});
