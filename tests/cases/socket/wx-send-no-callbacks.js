// SocketTask.send without any callback still sends (the host then waits for
// no write confirmation), in order with sends that have callbacks; a send
// with only `complete` gets it once, with the success object; one with only
// `fail` hears nothing when the write succeeds.
var completeT = track('send complete only');
var closedT = track('onClose');
var task = wx.connectSocket({ url: WSS + '/ws/echo' });
var got = [];
task.onOpen(function () {
  task.send({ data: 'one' });
  task.send({ data: new Uint8Array([7, 8]).buffer });
  task.send({ complete: completeT.complete, data: 'three' });
  task.send({ data: 'four' });
  task.send({
    data: 'five',
    fail: function (e) {
      failed.push(e);
    },
  });
});
var failed = [];
atEnd(function () {
  assertEq(completeT.calls, ['complete']);
  assertEq(completeT.completeRes, { errMsg: 'sendSocketMessage:ok' });
  assertEq(failed, []);
});
task.onMessage(function (res) {
  got.push(typeof res.data === 'string' ? res.data : bytes(res.data));
  if (got.length === 5) {
    assertEq(got, ['one', [7, 8], 'three', 'four', 'five']);
    task.close({ code: 1000 });
  }
});
task.onClose(function (res) {
  closedT.success(res);
  closedT.complete(res);
});
closedT.expect('success', function (res) {
  assertEq(res.code, 1000);
});
