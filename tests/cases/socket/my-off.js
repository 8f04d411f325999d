// my.offSocket*(f) removes that listener, my.offSocket*() removes all.
var log = [];
var done = track('done');
function a(res) {
  log.push('a ' + res.data);
}
function b(res) {
  log.push('b ' + res.data);
  if (res.data === 'one') {
    my.offSocketMessage(a);
    my.sendSocketMessage({ data: 'two' });
  } else if (res.data === 'two') {
    my.offSocketMessage();
    my.onSocketMessage(c);
    my.sendSocketMessage({ data: 'three' });
  }
}
function c(res) {
  log.push('c ' + res.data);
  my.closeSocket();
}
function never(res) {
  log.push('removed listener called ' + JSON.stringify(res));
}
my.onSocketMessage(a);
my.onSocketMessage(b);
my.onSocketOpen(never);
my.offSocketOpen(never);
my.onSocketClose(never);
my.onSocketClose(never);
my.offSocketClose();
my.onSocketError(never);
my.offSocketError(never);
my.onSocketOpen(function () {
  my.sendSocketMessage({ data: 'one' });
});
my.onSocketClose(function (res) {
  done.success(res);
  done.complete(res);
});
my.connectSocket({ url: WSS + '/ws/echo' });
done.expect('success', function () {
  assertEq(log, ['a one', 'b one', 'b two', 'c three']);
});
