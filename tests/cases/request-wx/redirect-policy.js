// Each redirect hop is checked against the domain list; loops end at 600008.
var o = track('other host');
wx.request(o.opts({ url: SERVER + '/redirect-to?url=' + encodeURIComponent(OTHER + '/json') }));
o.expect('fail', function (res) {
  assertEq(res, { errMsg: 'request:fail url not in domain list', errno: 600002 });
});
var h = track('downgrade');
wx.request(h.opts({ url: SERVER + '/redirect-to?url=' + encodeURIComponent(HTTP + '/json') }));
h.expect('fail', function (res) {
  assertEq(res, { errMsg: 'request:fail url not in domain list', errno: 600002 });
});
var l = track('loop');
wx.request(l.opts({ url: SERVER + '/redirect-loop' }));
l.expect('fail', function (res) {
  assertEq(res, { errMsg: 'request:fail reached max redirect count', errno: 600008 });
});
