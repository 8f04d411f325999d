// wx methods: the eight of SPEC §2, case-insensitive, reach the server as upper-case.
var methods = ['options', 'GET', 'head', 'Post', 'PUT', 'delete', 'TRACE'];
methods.forEach(function (m) {
  var t = track(m);
  wx.request(t.opts({ url: SERVER + '/echo/m', method: m }));
  t.expect('success', function (res) {
    assertEq(res.statusCode, 200, m);
    if (m.toUpperCase() === 'HEAD') {
      assertEq(res.data, '', 'HEAD has no body');
    } else {
      assertEq(res.data.method, m.toUpperCase());
      assertEq(res.data.path, '/echo/m');
    }
  });
});
// CONNECT is a valid wx method: whatever the server makes of it, it is no parameter error.
var c = track('connect');
wx.request(c.opts({ url: SERVER + '/echo/c', method: 'connect' }));
atEnd(function () {
  assertEq(c.calls.length, 2, 'connect settled');
  assert(!(c.res.errno === 600005), 'CONNECT accepted: ' + JSON.stringify(c.res));
});
