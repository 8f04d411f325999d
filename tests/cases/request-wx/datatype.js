// wx dataType: json parses (failure keeps the text, BOM stripped), other values give text.
var a = track('json');
wx.request(a.opts({ url: SERVER + '/json', dataType: 'json' }));
a.expect('success', function (res) {
  assertEq(res.data.name, 'minihost');
});
var b = track('text');
wx.request(b.opts({ url: SERVER + '/json', dataType: 'text' }));
b.expect('success', function (res) {
  assertEq(typeof res.data, 'string');
  assertEq(JSON.parse(res.data).name, 'minihost');
});
var c = track('not json');
wx.request(c.opts({ url: SERVER + '/text' }));
c.expect('success', function (res) {
  assertEq(res.data, 'hello, not json');
});
var d = track('bom');
wx.request(d.opts({ url: SERVER + '/bom-json' }));
d.expect('success', function (res) {
  assertEq(res.data, { bom: true });
});
var e = track('other');
wx.request(e.opts({ url: SERVER + '/text', dataType: 'whatever' }));
e.expect('success', function (res) {
  assertEq(res.data, 'hello, not json');
});
var f = track('invalid utf8');
wx.request(f.opts({ url: SERVER + '/invalid-utf8', dataType: 'text' }));
f.expect('success', function (res) {
  assertEq(res.data, '\ufffd\ufffdA');
});
