// my dataType: json (default), text, base64, arraybuffer.
var a = track('json');
my.request(a.opts({ url: SERVER + '/json' }));
a.expect('success', function (res) {
  assertEq(res.data.items, [1, 2, 3]);
});
var b = track('text');
my.request(b.opts({ url: SERVER + '/text', dataType: 'text' }));
b.expect('success', function (res) {
  assertEq(res.data, 'hello, not json');
});
var c = track('base64');
my.request(c.opts({ url: SERVER + '/bytes/5', dataType: 'base64' }));
c.expect('success', function (res) {
  assertEq(res.data, 'AAECAwQ=');
});
var d = track('arraybuffer');
my.request(d.opts({ url: SERVER + '/bytes/260', dataType: 'arraybuffer' }));
d.expect('success', function (res) {
  assert(res.data instanceof ArrayBuffer, 'ArrayBuffer');
  assertEq(bytes(res.data), pattern(260));
});
var e = track('bom');
my.request(e.opts({ url: SERVER + '/bom-json' }));
e.expect('success', function (res) {
  assertEq(res.data, { bom: true });
});
var f = track('unknown');
my.request(f.opts({ url: SERVER + '/json', dataType: 'xml' }));
f.expect('fail', function (res) {
  assertEq(res.error, 2);
});
