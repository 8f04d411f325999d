// SPEC §5: "A socket closed because a new default-mode my.connectSocket
// replaced it fires onSocketClose (code 1000) like any other close" — also
// when the replaced socket had not opened yet. The first connect settles
// exactly once (it never opened: fail), the second opens; the global API then
// acts on the second socket.
var first = track('first connect');
var second = track('second connect').expect('success');
var closes = [];
var opens = 0;
var done = track('done');
my.onSocketOpen(function () {
  opens++;
  my.sendSocketMessage({ data: 'x' });
});
my.onSocketMessage(function (res) {
  assertEq(res.data, 'x');
  my.closeSocket();
});
my.onSocketClose(function (res) {
  closes.push(res.code);
  if (closes.length === 2) {
    var r = {};
    done.success(r);
    done.complete(r);
  }
});
var a = my.connectSocket(first.opts({ url: WSS + '/ws/echo?a' }));
my.connectSocket(second.opts({ url: WSS + '/ws/echo?b' }));
done.expect('success', function () {
  assertEq(closes, [1000, 1000]);
  assertEq(opens, 1);
  assertEq(a.readyState, 3);
  assertEq(first.calls, ['fail', 'complete']);
});
