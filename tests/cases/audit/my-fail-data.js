// SPEC §2: my fails a status >= 400 with error 19 "http status error",
// checked before decoding, and the fail object carries status, headers and
// data "so nothing is lost": a body that is not JSON is kept (as text with
// the default dataType), and dataType arraybuffer / base64 / text give the
// body in that form.
function f(name, o, check) {
  var t = track(name).expect('fail', function (res) {
    assertEq(Object.keys(res).sort(), ['data', 'error', 'errorMessage', 'headers', 'status'], name);
    assertEq([res.error, res.errorMessage], [19, 'http status error'], name);
    check(res);
  });
  my.request(t.opts(o));
}
f('text body, default json', { url: SERVER + '/download?size=5&status=500&type=text/plain' }, function (res) {
  assertEq(res.status, 500);
  assertEq(res.data, '\u0000\u0001\u0002\u0003\u0004');
  assertEq(hdr(res.headers, 'content-type'), 'text/plain');
});
f('arraybuffer', { url: SERVER + '/download?size=5&status=404', dataType: 'arraybuffer' }, function (res) {
  assert(res.data instanceof ArrayBuffer, 'ArrayBuffer');
  assertEq(bytes(res.data), [0, 1, 2, 3, 4]);
});
f('base64', { url: SERVER + '/download?size=5&status=404', dataType: 'base64' }, function (res) {
  assertEq(res.data, 'AAECAwQ=');
});
f('text', { url: SERVER + '/status/418', dataType: 'text' }, function (res) {
  assertEq(res.data, '{"status":418}');
});
f('POST too', { url: SERVER + '/status/400', method: 'POST', data: { a: 1 } }, function (res) {
  assertEq(res.status, 400);
  assertEq(res.data, { status: 400 });
});
