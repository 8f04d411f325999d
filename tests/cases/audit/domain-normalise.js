// SPEC §7: the host is compared after lower-casing and removal of one
// trailing dot, and the connection uses the same parsed URL (so the
// --resolve mapping still applies); wx entries match their exact host only,
// my entries also match sub-domains (a sub-domain that does not resolve is
// then a network error 12, not a policy refusal 11).
var port = SERVER.split(':')[2];
var a = track('upper case').expect('success', function (res) {
  assertEq(res.statusCode, 200);
});
wx.request(a.opts({ url: 'https://API.MiniHost.Test:' + port + '/json' }));
var b = track('trailing dot').expect('success', function (res) {
  assertEq(res.statusCode, 200);
});
wx.request(b.opts({ url: 'https://api.minihost.test.:' + port + '/json' }));
var c = track('two trailing dots').expect('fail', function (res) {
  assert(res.errno === 600002 || res.errno === 600009, JSON.stringify(res));
});
wx.request(c.opts({ url: 'https://api.minihost.test..:' + port + '/json' }));
var d = track('wx sub-domain').expect('fail', function (res) {
  assertEq(res, { errMsg: 'request:fail url not in domain list', errno: 600002 });
});
wx.request(d.opts({ url: 'https://sub.api.minihost.test:' + port + '/json' }));
var e = track('wx parent domain').expect('fail', function (res) {
  assertEq(res.errno, 600002);
});
wx.request(e.opts({ url: 'https://minihost.test:' + port + '/json' }));
var f = track('my sub-domain admitted').expect('fail', function (res) {
  assertEq(res.error, 12, JSON.stringify(res));
});
my.request(f.opts({ url: 'https://sub.api.minihost.test:' + port + '/json' }));
var g = track('my parent refused').expect('fail', function (res) {
  assertEq(res.error, 11);
});
my.request(g.opts({ url: 'https://minihost.test:' + port + '/json' }));
var h = track('my other port refused').expect('fail', function (res) {
  assertEq(res.error, 11);
});
my.request(h.opts({ url: 'https://api.minihost.test:1/json' }));
var i = track('ipv4 other notation').expect('fail', function (res) {
  assertEq(res.errno, 600002);
});
wx.request(i.opts({ url: 'https://2130706433:' + port + '/json' }));
var j = track('wx upper-case socket host').expect('success');
var jt = wx.connectSocket(j.opts({ url: WSS.replace('ws.minihost.test', 'WS.MINIHOST.TEST') + '/ws/echo' }));
var jo = track('socket opened');
jt.onOpen(function (r) {
  jt.close({});
});
jt.onClose(function (r) {
  jo.success(r);
  jo.complete(r);
});
jo.expect('success', function (r) {
  assertEq(r.code, 1000);
});
