// SPEC §5 (both dialects): the close code must be 1000 or 3000–4999 and the
// reason at most 123 UTF-8 bytes, else a parameter error (my: error 2) that
// leaves the socket open; then a valid close goes through with that code
// and reason. Both my.closeSocket (default mode) and SocketTask.close
// (multiple: true).
function bad(name, fn, o) {
  var t = track(name).expect('fail', function (res) {
    assertEq(Object.keys(res).sort(), ['error', 'errorMessage'], name);
    assertEq(res.error, 2, name + ' ' + JSON.stringify(res));
  });
  return function () {
    fn(t.opts(o));
  };
}
var long = new Array(125).join('x'); // 124 bytes
var longUtf8 = new Array(43).join('中'); // 126 bytes
var okReason = new Array(42).join('中'); // 123 bytes

// default mode
var gCalls = [
  bad('my.closeSocket 1001', my.closeSocket, { code: 1001 }),
  bad('my.closeSocket 2999', my.closeSocket, { code: 2999 }),
  bad('my.closeSocket 5000', my.closeSocket, { code: 5000 }),
  bad('my.closeSocket string code', my.closeSocket, { code: '1000' }),
  bad('my.closeSocket long reason', my.closeSocket, { code: 1000, reason: long }),
  bad('my.closeSocket long utf8 reason', my.closeSocket, { reason: longUtf8 }),
];
var gClose = track('my.closeSocket valid').expect('success');
var gClosed = track('onSocketClose');
my.onSocketOpen(function () {
  sync(function () {
    gCalls.forEach(function (c) {
      c();
    });
  });
  my.sendSocketMessage({ data: 'still open' });
});
my.onSocketMessage(function (res) {
  assertEq(res.data, 'still open');
  my.closeSocket(gClose.opts({ code: 3000, reason: okReason }));
});
my.onSocketClose(function (res) {
  gClosed.success(res);
  gClosed.complete(res);
});
gClosed.expect('success', function (res) {
  assertEq(res, { code: 3000, reason: okReason });
});
my.connectSocket({ url: WSS + '/ws/echo' });

// multiple: true
var task = my.connectSocket({ url: WSS + '/ws/echo', multiple: true });
function tclose(o) {
  task.close(o);
}
var tCalls = [
  bad('task.close 1001', tclose, { code: 1001 }),
  bad('task.close 999', tclose, { code: 999 }),
  bad('task.close 5000', tclose, { code: 5000 }),
  bad('task.close long reason', tclose, { reason: long }),
];
var tClose = track('task.close valid').expect('success');
var tClosed = track('task onClose');
task.onOpen(function () {
  sync(function () {
    tCalls.forEach(function (c) {
      c();
    });
  });
  assertEq(task.readyState, 1, 'still open');
  task.send({ data: 'still open' });
});
task.onMessage(function () {
  task.close(tClose.opts({ code: 4999, reason: 'bye' }));
});
task.onClose(function (res) {
  tClosed.success(res);
  tClosed.complete(res);
});
tClosed.expect('success', function (res) {
  assertEq(res, { code: 4999, reason: 'bye' });
});
