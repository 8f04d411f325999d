// exit: 1
// An exception in a socket listener is reported (exit code 1) and breaks
// neither the other listeners nor the socket.
var calls = [];
var task = wx.connectSocket({ url: WSS + '/ws/echo' });
task.onOpen(function () {
  throw new Error('boom in onOpen');
});
task.onOpen(function () {
  calls.push('second onOpen');
  task.send({ data: 'x' });
});
task.onMessage(function () {
  calls.push('message');
  task.close({});
});
task.onClose(function () {
  assertEq(calls, ['second onOpen', 'message']);
  pass();
});
