// Nothing but an open socket is pending: the host keeps running (a big echo
// arrives later), and exits once the socket has closed.
var size = 1 << 20;
var task = wx.connectSocket({ url: WSS + '/ws/echo' });
task.onOpen(function () {
  task.send({ data: new ArrayBuffer(size) });
});
task.onMessage(function (res) {
  assertEq(res.data.byteLength, size);
  task.close({});
});
task.onClose(function (res) {
  assertEq(res.code, 1000);
  pass();
});
