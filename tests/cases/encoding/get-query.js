// GET data: an object becomes encodeURIComponent(k)=encodeURIComponent(v)&...,
// appended to the existing query with & (or ?); nested values JSON-stringified,
// undefined skipped, null -> null.
function q(name, url, data, want, dialect) {
  var t = track(name);
  (dialect || wx).request(t.opts({ url: SERVER + url, data: data }));
  t.expect('success', function (res) {
    assertEq(res.data.query, want, name);
  });
}
q('simple', '/echo', { a: 1, b: 'x y' }, 'a=1&b=x%20y');
q('joined', '/echo?z=0', { a: 'b' }, 'z=0&a=b');
q('nested', '/echo', { o: { k: [1, 2] }, arr: [1, 'x'] }, 'o=%7B%22k%22%3A%5B1%2C2%5D%7D&arr=%5B1%2C%22x%22%5D');
q('undefined and null', '/echo', { u: undefined, n: null, t: true }, 'n=null&t=true');
q('unicode', '/echo', { '键': '中文 ✓' }, '%E9%94%AE=%E4%B8%AD%E6%96%87%20%E2%9C%93');
q('reserved', '/echo', { s: "a&b=c?d/e#f+g!~*'()" }, "s=a%26b%3Dc%3Fd%2Fe%23f%2Bg!~*'()".replace("'()", "%27()"));
q('string as is', '/echo', 'raw=1&x=%20', 'raw=1&x=%20');
q('my too', '/echo?p=1', { a: 1 }, 'p=1&a=1', my);
