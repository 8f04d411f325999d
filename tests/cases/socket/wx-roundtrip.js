// wx SocketTask round trip: success means "task created" (async, once), the
// listeners attached right after the call see the open, text → string,
// binary → ArrayBuffer, send/close callbacks exactly once, close code and
// reason both ways, readyState 0 → 1 → 3, no error event.
var connectT = track('connect');
var sends = [track('send text'), track('send buffer'), track('send view')];
var closeT = track('close');
var closedT = track('onClose');
var seen = [];
var task = sync(function () {
  return wx.connectSocket(connectT.opts({ url: WSS + '/ws/echo', header: { 'X-Test': 1 } }));
});
connectT.expect('success', function (res) {
  assertEq(res, { errMsg: 'connectSocket:ok' });
});
assertEq(task.readyState, 0, 'connecting');
assertEq([task.CONNECTING, task.OPEN, task.CLOSING, task.CLOSED], [0, 1, 2, 3]);
task.onOpen(function (res) {
  seen.push('open');
  assertEq(task.readyState, 1, 'open');
  assertEq(typeof res.header, 'object');
  assertEq(hdr(res.header, 'upgrade').toLowerCase(), 'websocket');
  task.send(sends[0].opts({ data: 'héllo' }));
  task.send(sends[1].opts({ data: new Uint8Array([1, 2, 3]).buffer }));
  task.send(sends[2].opts({ data: new Uint16Array([0x0201]) }));
});
sends.forEach(function (t) {
  t.expect('success', function (res) {
    assertEq(res, { errMsg: 'sendSocketMessage:ok' });
  });
});
var got = [];
task.onMessage(function (res) {
  assertEq(Object.keys(res), ['data']);
  got.push(typeof res.data === 'string' ? res.data : bytes(res.data));
  if (got.length === 3) {
    assertEq(got, ['héllo', [1, 2, 3], [1, 2]]);
    assert(got[1] !== undefined && !(res.data instanceof Uint8Array));
    task.close(closeT.opts({ code: 3001, reason: 'done, 完了' }));
    assertEq(task.readyState, 2, 'closing');
  }
});
closeT.expect('success', function (res) {
  assertEq(res, { errMsg: 'closeSocket:ok' });
});
task.onError(function (res) {
  seen.push('error ' + JSON.stringify(res));
});
task.onClose(function (res) {
  seen.push('close');
  assertEq(task.readyState, 3, 'closed');
  closedT.success(res);
  closedT.complete(res);
});
closedT.expect('success', function (res) {
  assertEq(res, { code: 3001, reason: 'done, 完了' });
});
atEnd(function () {
  assertEq(seen, ['open', 'close']);
});
