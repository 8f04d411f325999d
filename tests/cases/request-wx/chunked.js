// enableChunked: the body streams only through chunks; success.data is
// empty ('' or an empty ArrayBuffer), and the buffer limit does not apply.
// config: {"limits": {"maxBufferedBody": 1000}}
var t = track('text');
var n = 0;
var task = wx.request(t.opts({ url: SERVER + '/bytes/5000', enableChunked: true }));
task.onChunkReceived(function (r) {
  n += r.data.byteLength;
});
t.expect('success', function (res) {
  assertEq(res.data, '');
  assertEq(res.statusCode, 200);
  assertEq(n, 5000);
});
var u = track('ab');
var m = 0;
var task2 = wx.request(u.opts({ url: SERVER + '/stream?chunks=2&interval=10&size=10', enableChunked: true, responseType: 'arraybuffer' }));
task2.onChunkReceived(function (r) {
  m += r.data.byteLength;
});
u.expect('success', function (res) {
  assert(res.data instanceof ArrayBuffer && res.data.byteLength === 0, 'empty ArrayBuffer');
  assertEq(m, 20);
});
