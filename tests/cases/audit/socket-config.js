// config: {"networkTimeout": {"connectSocket": 300}, "limits": {"maxSockets": 2}}
// SPEC §11/§5: networkTimeout.connectSocket is the default connect timeout
// (wx: onError errno 5 then onClose 1006; my: error 6) and limits.maxSockets
// is the socket limit (the message names the configured count).
var w = track('wx timeout');
var events = [];
var wt = wx.connectSocket({ url: WSS + '/ws/hang' });
wt.onError(function (res) {
  events.push('error ' + res.errno);
});
wt.onClose(function (res) {
  events.push('close ' + res.code);
  w.success(res);
  w.complete(res);
});
w.expect('success', function () {
  assertEq(events, ['error 5', 'close 1006']);
});
var m = track('my timeout').expect('fail', function (res) {
  assertEq(res.error, 6);
});
my.connectSocket(m.opts({ url: WSS + '/ws/hang', multiple: true }));
var third = track('third socket').expect('fail', function (res) {
  assertEq(res, { errMsg: 'connectSocket:fail exceed max websocket connect count 2', errno: 600007 });
});
wx.connectSocket(third.opts({ url: WSS + '/ws/echo' }));
