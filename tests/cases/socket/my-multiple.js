// my.connectSocket({multiple: true}) returns a SocketTask: wx methods plus
// off*, send takes isBuffer, onMessage gets {data, isBuffer}; the global
// my.onSocket* listeners are not called for it.
var globalCalls = 0;
['onSocketOpen', 'onSocketMessage', 'onSocketError', 'onSocketClose'].forEach(function (n) {
  my[n](function () {
    globalCalls++;
  });
});
var connectT = track('connect').expect('success');
var sendB = track('send binary').expect('success', function (res) {
  assertEq(res, {});
});
var sendT = track('send text').expect('success');
var closeT = track('close').expect('success');
var closedT = track('closed');
var got = [];
var removed = [];
var task = my.connectSocket(connectT.opts({ url: WSS + '/ws/echo', multiple: true }));
['send', 'close', 'onOpen', 'offOpen', 'onMessage', 'offMessage', 'onError', 'offError', 'onClose', 'offClose'].forEach(
  function (m) {
    assertEq(typeof task[m], 'function', m);
  }
);
function extra(res) {
  removed.push(res);
}
task.onMessage(extra);
task.offMessage(extra);
task.onOpen(function () {
  task.send(sendB.opts({ data: 'AAEC/w==', isBuffer: true }));
  task.send(sendT.opts({ data: 'txt' }));
});
task.onMessage(function (res) {
  got.push(res);
  if (got.length === 2) task.close(closeT.opts({ code: 4000, reason: 'm' }));
});
task.onClose(function (res) {
  closedT.success(res);
  closedT.complete(res);
});
closedT.expect('success', function (res) {
  assertEq(res, { code: 4000, reason: 'm' });
  assertEq(got, [
    { data: 'AAEC/w==', isBuffer: true },
    { data: 'txt', isBuffer: false },
  ]);
  assertEq(removed, []);
  assertEq(globalCalls, 0);
});
