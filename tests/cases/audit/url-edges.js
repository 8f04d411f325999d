// SPEC §2 data encoding: the query string is appended "to the URL's existing
// query with & (or ?)" — the fragment stays out of the query, a URL ending
// in "?" gets no stray "&", an empty value is "k=".
function q(name, url, data, want, dialect) {
  var t = track(name);
  (dialect || wx).request(t.opts({ url: SERVER + url, data: data }));
  t.expect('success', function (res) {
    assertEq(res.data.query, want, name);
  });
}
q('fragment', '/echo?x=1#frag', { a: 1 }, 'x=1&a=1');
q('fragment without query', '/echo#frag', { a: 1 }, 'a=1');
q('my fragment', '/echo?x=1#frag', { a: 1 }, 'x=1&a=1', my);
q('trailing ?', '/echo?', { a: 1 }, 'a=1');
q('empty value', '/echo', { a: '', b: 0, c: false }, 'a=&b=0&c=false');
q('string data with fragment', '/echo#f', 'k=v', 'k=v');
q('string joined to a query', '/echo?z=0', 'a=1', 'z=0&a=1');
q('my string joined', '/echo?z=0', 'a=1', 'z=0&a=1', my);
q('key with & and =', '/echo', { 'a&b': 'c=d' }, 'a%26b=c%3Dd');
