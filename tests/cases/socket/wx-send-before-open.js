// Sending before open (or with no socket at all) fails
// "sendSocketMessage:fail WebSocket is not connected", asynchronously and
// exactly once; closing with no socket fails likewise; a bad data type is a
// parameter error.
function expectNotConnected(name, api) {
  return track(name).expect('fail', function (res) {
    assertEq(res, { errMsg: api + ':fail WebSocket is not connected', errno: 600004 });
  });
}
var noSocketSend = expectNotConnected('no socket: sendSocketMessage', 'sendSocketMessage');
var noSocketClose = expectNotConnected('no socket: closeSocket', 'closeSocket');
sync(function () {
  wx.sendSocketMessage(noSocketSend.opts({ data: 'x' }));
  wx.closeSocket(noSocketClose.opts({}));
});
var early = expectNotConnected('task.send before open', 'sendSocketMessage');
var earlyGlobal = expectNotConnected('sendSocketMessage before open', 'sendSocketMessage');
var badType = track('bad data type').expect('fail', function (res) {
  assertEq(res, {
    errMsg: 'sendSocketMessage:fail parameter error: parameter.data should be String/ArrayBuffer instead of Number;',
    errno: 600005,
  });
});
var noData = track('no data').expect('fail', function (res) {
  assertEq(res.errMsg, 'sendSocketMessage:fail parameter error: parameter.data should be String/ArrayBuffer instead of Undefined;');
});
var afterClose = expectNotConnected('send after close', 'sendSocketMessage');
var closed = track('closed');
var task = wx.connectSocket({ url: WSS + '/ws/echo' });
sync(function () {
  task.send(early.opts({ data: 'too early' }));
  wx.sendSocketMessage(earlyGlobal.opts({ data: 'too early' }));
});
task.onOpen(function () {
  sync(function () {
    task.send(badType.opts({ data: 123 }));
    task.send(noData.opts({}));
  });
  task.close({});
  task.send(afterClose.opts({ data: 'closing' }));
});
task.onClose(function (res) {
  closed.success(res);
  closed.complete(res);
});
closed.expect('success');
