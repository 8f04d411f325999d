// SPEC §2 data encoding: HEAD turns an object into the query string like GET
// (seen through /set-cookie, which answers one Set-Cookie per query pair, so
// the query is visible without a body); x-www-form-urlencoded bodies follow
// the same rules as the query (nested JSON-stringified, undefined skipped,
// null -> null); a string stays as is; my encodes like wx.
var h = track('wx HEAD object');
wx.request(h.opts({ url: SERVER + '/set-cookie?z=0', method: 'HEAD', data: { a: 1, u: undefined, n: null, o: { k: 1 } } }));
h.expect('success', function (res) {
  assertEq(res.data, '');
  assertEq(res.cookies.map(function (c) { return c.split(';')[0]; }), ['z=0', 'a=1', 'n=null', 'o={"k":1}']);
});
var hs = track('wx HEAD string');
wx.request(hs.opts({ url: SERVER + '/set-cookie', method: 'HEAD', data: 'q=1' }));
hs.expect('success', function (res) {
  assertEq(res.cookies.map(function (c) { return c.split(';')[0]; }), ['q=1']);
});
function body(name, api, o, want) {
  var t = track(name);
  o.url = SERVER + '/echo';
  api.request(t.opts(o));
  t.expect('success', function (res) {
    assertEq(res.data.body, want, name);
    assertEq(res.data.query, '', name + ' no query');
  });
}
var form = { 'content-type': 'application/x-www-form-urlencoded' };
body('wx urlencoded rules', wx, { method: 'POST', header: form, data: { o: { k: [1, 2] }, u: undefined, n: null, s: 'a b&c' } },
  'o=%7B%22k%22%3A%5B1%2C2%5D%7D&n=null&s=a%20b%26c');
body('my urlencoded rules', my, { method: 'PUT', headers: form, data: { o: { k: [1, 2] }, u: undefined, n: null, s: 'a b&c' } },
  'o=%7B%22k%22%3A%5B1%2C2%5D%7D&n=null&s=a%20b%26c');
body('wx urlencoded string as is', wx, { method: 'POST', header: form, data: 'x=1&y=%20' }, 'x=1&y=%20');
body('my string as is', my, { method: 'POST', data: 'plain', headers: { 'content-type': 'text/plain' } }, 'plain');
body('my DELETE object -> JSON', my, { method: 'DELETE', data: { d: 1 } }, '{"d":1}');
body('wx OPTIONS object -> JSON', wx, { method: 'OPTIONS', data: { d: 2 } }, '{"d":2}');
body('my typed array', my, { method: 'POST', data: new Uint8Array([104, 105]) }, 'hi');
// my GET: nested / undefined / null like wx.
var g = track('my GET rules');
my.request(g.opts({ url: SERVER + '/echo', data: { o: [1], u: undefined, n: null } }));
g.expect('success', function (res) {
  assertEq(res.data.query, 'o=%5B1%5D&n=null');
});
