// SPEC §2: "A buffered request body is sent with Content-Length" — also
// when that body is empty: a POST / PUT without data (or with data null or
// '') is sent with Content-Length: 0 (as browsers and the platforms' network
// stacks do; servers such as some proxies answer 411 otherwise), in both
// dialects.
function empty(name, api, o) {
  var t = track(name);
  o.url = SERVER + '/echo';
  api.request(t.opts(o));
  t.expect('success', function (res) {
    assertEq(res.data.bodyLength, 0, name);
    assertEq(res.data.headers['content-length'], '0', name + ' headers: ' + JSON.stringify(res.data.headers));
  });
}
empty('wx POST no data', wx, { method: 'POST' });
empty('wx POST null', wx, { method: 'POST', data: null });
empty('wx PUT empty string', wx, { method: 'PUT', data: '' });
empty('wx POST empty ArrayBuffer', wx, { method: 'POST', data: new ArrayBuffer(0) });
empty('my POST no data', my, { method: 'POST' });
