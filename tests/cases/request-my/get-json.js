// my.request GET: success {data, status, headers} exactly.
var t = track('get');
var task = sync(function () {
  return my.request(t.opts({ url: SERVER + '/json' }));
});
assert(typeof task.abort === 'function', 'task returned');
t.expect('success', function (res) {
  assertEq(Object.keys(res).sort(), ['data', 'headers', 'status']);
  assertEq(res.status, 200);
  assertEq(res.data.name, 'minihost');
  assert(/application\/json/.test(hdr(res.headers, 'content-type')), 'content-type');
});
