// config: {"limits": {"maxSocketMessage": 1024}}
// A message over the host limit (limits.maxSocketMessage) closes the socket
// with 1009 after an error event; one at the limit is delivered. my gets
// the same close.
var wxDone = track('wx');
var events = [];
var ok = wx.connectSocket({ url: WSS + '/ws/oversize?size=1024' });
ok.onMessage(function (res) {
  assertEq(res.data.length, 1024);
  ok.close({});
});
var big = wx.connectSocket({ url: WSS + '/ws/oversize?size=1025' });
big.onMessage(function () {
  events.push('message');
});
big.onError(function (res) {
  events.push('error');
  assert(res.errMsg.indexOf('1024') >= 0, res.errMsg);
});
big.onClose(function (res) {
  events.push('close ' + res.code + ' ' + res.reason);
  wxDone.success(res);
  wxDone.complete(res);
});
wxDone.expect('success', function () {
  assertEq(events, ['error', 'close 1009 message too big']);
});

var myDone = track('my');
var myEvents = [];
my.onSocketError(function (res) {
  myEvents.push('error ' + typeof res.error);
});
my.onSocketClose(function (res) {
  myEvents.push('close ' + res.code);
  myDone.success(res);
  myDone.complete(res);
});
my.connectSocket({ url: WSS + '/ws/oversize?size=4096' });
myDone.expect('success', function () {
  assertEq(myEvents, ['error number', 'close 1009']);
});
