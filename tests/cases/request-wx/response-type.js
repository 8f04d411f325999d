// wx responseType arraybuffer: success.data is an ArrayBuffer of the body.
var t = track('ab');
wx.request(t.opts({ url: SERVER + '/bytes/300', responseType: 'arraybuffer' }));
t.expect('success', function (res) {
  assert(res.data instanceof ArrayBuffer, 'ArrayBuffer');
  assertEq(bytes(res.data), pattern(300));
});
var e = track('empty');
wx.request(e.opts({ url: SERVER + '/bytes/0', responseType: 'arraybuffer' }));
e.expect('success', function (res) {
  assert(res.data instanceof ArrayBuffer, 'ArrayBuffer');
  assertEq(res.data.byteLength, 0);
});
var j = track('json ignored');
wx.request(j.opts({ url: SERVER + '/json', responseType: 'arraybuffer', dataType: 'json' }));
j.expect('success', function (res) {
  assert(res.data instanceof ArrayBuffer, 'still an ArrayBuffer');
});
