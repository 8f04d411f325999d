// redirect: follow (default) ends at the target; manual hands the 3xx over.
var f = track('follow');
wx.request(f.opts({ url: SERVER + '/redirect/2' }));
f.expect('success', function (res) {
  assertEq(res.statusCode, 200);
  assertEq(res.data.path, '/echo');
  assertEq(res.data.headers.referer, 'https://servicewechat.com/wxcase0123456789/1.0.0/page-frame.html');
});
var m = track('manual');
wx.request(m.opts({ url: SERVER + '/redirect/2', redirect: 'manual' }));
m.expect('success', function (res) {
  assertEq(res.statusCode, 302);
  assertEq(hdr(res.header, 'location'), '/redirect/1');
});
