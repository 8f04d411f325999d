// Other methods: an object is JSON (default content-type), or a query string
// with x-www-form-urlencoded (any case, parameters ignored); a string is sent
// as is.
function b(name, o, body, ctype, dialect) {
  var t = track(name);
  o.url = SERVER + '/echo';
  (dialect || wx).request(t.opts(o));
  t.expect('success', function (res) {
    assertEq(res.data.body, body, name);
    if (ctype) assertEq(res.data.headers['content-type'], ctype, name);
    assertEq(res.data.headers['content-length'], String(res.data.bodyLength), name + ' content-length');
  });
}
b('json', { method: 'POST', data: { a: 1, s: 'x' } }, '{"a":1,"s":"x"}', 'application/json');
b('urlencoded', { method: 'POST', data: { a: 1, s: 'x y' }, header: { 'content-type': 'application/x-www-form-urlencoded' } },
  'a=1&s=x%20y', 'application/x-www-form-urlencoded');
b('urlencoded case and charset', { method: 'PUT', data: { k: 'v' }, header: { 'Content-Type': 'Application/X-WWW-Form-Urlencoded; charset=UTF-8' } },
  'k=v');
b('string', { method: 'POST', data: 'plain text', header: { 'content-type': 'text/plain' } }, 'plain text', 'text/plain');
b('array json', { method: 'DELETE', data: [1, 2] }, '[1,2]');
b('my json', { method: 'POST', data: { m: true } }, '{"m":true}', 'application/json', my);
b('my urlencoded', { method: 'POST', data: { m: 'a b' }, headers: { 'content-type': 'application/x-www-form-urlencoded' } }, 'm=a%20b', null, my);
