// args: --domain request=other.minihost.test --domain socket=other.minihost.test --domain downloadFile=nop.minihost.test --resolve nop.minihost.test:443:127.0.0.1
// SPEC §7 ports: a wx https entry without a port admits only URLs without
// a port (an explicit :443 or any other port is refused, 600002); a wx wss
// entry admits any port; a my entry without a port admits any port.
var port = SERVER.split(':')[2];
var other = 'https://other.minihost.test:' + port;
var a = track('wx https entry, URL with a port').expect('fail', function (res) {
  assertEq(res, { errMsg: 'request:fail url not in domain list', errno: 600002 });
});
wx.request(a.opts({ url: other + '/json' }));
var b = track('wx explicit :443').expect('fail', function (res) {
  assertEq(res, { errMsg: 'downloadFile:fail url not in domain list', errno: 600002 });
});
wx.downloadFile(b.opts({ url: 'https://nop.minihost.test:443/x' }));
var c = track('wx no port passes the policy').expect('fail', function (res) {
  assertEq(res.errno, 600001, JSON.stringify(res));
});
wx.downloadFile(c.opts({ url: 'https://nop.minihost.test/x' }));
var d = track('my entry admits any port').expect('success', function (res) {
  assertEq(res.status, 200);
});
my.request(d.opts({ url: other + '/json' }));
var e = track('wss any port').expect('success');
var et = wx.connectSocket(e.opts({ url: 'wss://other.minihost.test:' + port + '/ws/echo' }));
var opened = track('opened');
et.onOpen(function () {
  et.close({});
});
et.onClose(function (r) {
  opened.success(r);
  opened.complete(r);
});
opened.expect('success', function (r) {
  assertEq(r.code, 1000);
});
