// my default mode keeps one socket: a new my.connectSocket closes the
// previous one first, which fires onSocketClose with code 1000; the
// global API then acts on the new socket.
var opens = 0;
var closes = [];
var a = track('first connect').expect('success');
var b = track('second connect').expect('success');
var done = track('both closed');
var first;
my.onSocketOpen(function () {
  opens++;
  if (opens === 1) {
    my.connectSocket(b.opts({ url: WSS + '/ws/echo?second' }));
  } else {
    my.sendSocketMessage({ data: 'to the second' });
  }
});
my.onSocketMessage(function (res) {
  assertEq(res, { data: 'to the second', isBuffer: false });
  my.closeSocket();
});
my.onSocketClose(function (res) {
  closes.push(res);
  if (closes.length === 2) {
    var r = { closes: closes };
    done.success(r);
    done.complete(r);
  }
});
first = my.connectSocket(a.opts({ url: WSS + '/ws/echo?first' }));
done.expect('success', function (r) {
  assertEq(r.closes, [
    { code: 1000, reason: '' },
    { code: 1000, reason: '' },
  ]);
  assertEq(opens, 2);
  assertEq(first.readyState, 3);
});
