// SPEC §5 edge cases: empty text and empty binary messages round-trip (wx:
// '' and an empty ArrayBuffer; my: '' with isBuffer false and '' with
// isBuffer true); sending after the server closed fails "not connected";
// binary from the server reaches my's default mode base64-encoded.
var w = track('wx');
var got = [];
var t = wx.connectSocket({ url: WSS + '/ws/echo' });
t.onOpen(function () {
  t.send({ data: '' });
  t.send({ data: new ArrayBuffer(0) });
});
t.onMessage(function (res) {
  got.push(typeof res.data === 'string' ? 'text:' + res.data : 'bin:' + res.data.byteLength);
  if (got.length === 2) t.close({});
});
t.onClose(function (res) {
  w.success(res);
  w.complete(res);
});
w.expect('success', function () {
  assertEq(got, ['text:', 'bin:0']);
});
var m = track('my');
var mgot = [];
var mt = my.connectSocket({ url: WSS + '/ws/echo', multiple: true });
mt.onOpen(function () {
  mt.send({ data: '' });
  mt.send({ data: '', isBuffer: true });
});
mt.onMessage(function (res) {
  mgot.push(res);
  if (mgot.length === 2) mt.close();
});
mt.onClose(function (res) {
  m.success(res);
  m.complete(res);
});
m.expect('success', function () {
  assertEq(mgot, [{ data: '', isBuffer: false }, { data: '', isBuffer: true }]);
});
var after = track('send after server close').expect('fail', function (res) {
  assertEq(res, { errMsg: 'sendSocketMessage:fail WebSocket is not connected', errno: 600004 });
});
var s = wx.connectSocket({ url: WSS + '/ws/close?code=4002&reason=x' });
s.onClose(function () {
  s.send(after.opts({ data: 'late' }));
});
// my default mode: a binary message from the server arrives base64-encoded
// with isBuffer: true (the devserver's /ws/binary sends bytes 0..255).
function b64(arr) {
  var chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  var out = '';
  for (var i = 0; i < arr.length; i += 3) {
    var n = (arr[i] << 16) | ((arr[i + 1] || 0) << 8) | (arr[i + 2] || 0);
    out += chars[(n >> 18) & 63] + chars[(n >> 12) & 63];
    out += i + 1 < arr.length ? chars[(n >> 6) & 63] : '=';
    out += i + 2 < arr.length ? chars[n & 63] : '=';
  }
  return out;
}
var all = [];
for (var k = 0; k < 256; k++) all.push(k);
var bin = track('my binary from the server');
my.onSocketMessage(function (res) {
  my.closeSocket();
  bin.success(res);
  bin.complete(res);
});
my.connectSocket({ url: WSS + '/ws/binary' });
bin.expect('success', function (res) {
  assertEq(res, { data: b64(all), isBuffer: true });
});
