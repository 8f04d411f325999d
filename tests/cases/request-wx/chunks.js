// onChunkReceived without enableChunked: every chunk in order as an
// ArrayBuffer, then success with the whole body.
var t = track('stream');
var task = wx.request(t.opts({ url: SERVER + '/stream?chunks=3&interval=30&size=100' }));
var got = [];
var headersFirst = null;
task.onHeadersReceived(function () {
  if (headersFirst === null) headersFirst = got.length === 0;
});
task.onChunkReceived(function (r) {
  assertEq(Object.keys(r), ['data']);
  assert(r.data instanceof ArrayBuffer, 'chunk is an ArrayBuffer');
  assert(r.data.byteLength > 0, 'no empty chunk');
  got = got.concat(bytes(r.data));
});
t.expect('success', function (res) {
  var want = '';
  for (var i = 0; i < 3; i++) for (var j = 0; j < 100; j++) want += String.fromCharCode(97 + i);
  assertEq(res.data, want);
  assertEq(String.fromCharCode.apply(null, got), want);
  assertEq(headersFirst, true);
});
