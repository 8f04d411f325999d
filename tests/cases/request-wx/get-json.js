// wx.request GET: the success object of SPEC §2, exactly.
var t = track('get');
var task = sync(function () {
  return wx.request(t.opts({ url: SERVER + '/json' }));
});
assert(typeof task.abort === 'function', 'task returned');
t.expect('success', function (res) {
  assertEq(Object.keys(res).sort(), ['cookies', 'data', 'errMsg', 'header', 'statusCode']);
  assertEq(res.statusCode, 200);
  assertEq(res.errMsg, 'request:ok');
  assertEq(res.cookies, []);
  assertEq(res.data, {
    name: 'minihost', ok: true, count: 3, items: [1, 2, 3], nested: { key: 'value' }, text: 'héllo ✓', none: null,
  });
  assert(/application\/json/.test(res.header['content-type']), 'content-type ' + res.header['content-type']);
});
