// SPEC §2 redirect: follow (default) allows at most 10 hops — /redirect/9 is
// 10 redirects and succeeds, /redirect/10 is 11 and fails (wx 600008) — and
// manual hands the 3xx over, in both dialects (my: a 3xx is < 400, so success
// with status 302).
var ok = track('10 hops');
wx.request(ok.opts({ url: SERVER + '/redirect/9' }));
ok.expect('success', function (res) {
  assertEq(res.statusCode, 200);
  assertEq(res.data.path, '/echo');
});
var over = track('11 hops');
wx.request(over.opts({ url: SERVER + '/redirect/10' }));
over.expect('fail', function (res) {
  assertEq(res, { errMsg: 'request:fail reached max redirect count', errno: 600008 });
});
var mf = track('my follow');
my.request(mf.opts({ url: SERVER + '/redirect/2' }));
mf.expect('success', function (res) {
  assertEq(res.status, 200);
  assertEq(res.data.path, '/echo');
  assert(/alipay-eco/.test(res.data.headers.referer), 'my referer on the last hop');
});
var mm = track('my manual');
my.request(mm.opts({ url: SERVER + '/redirect/2', redirect: 'manual' }));
mm.expect('success', function (res) {
  assertEq(res.status, 302);
  assertEq(hdr(res.headers, 'location'), '/redirect/1');
});
var mo = track('my redirect to another host');
my.request(mo.opts({ url: SERVER + '/redirect-to?url=' + encodeURIComponent(OTHER + '/json') }));
mo.expect('fail', function (res) {
  assertEq(res.error, 11);
});
var ml = track('my loop');
my.request(ml.opts({ url: SERVER + '/redirect-loop' }));
ml.expect('fail', function (res) {
  assertEq(typeof res.error, 'number');
  assertEq(typeof res.errorMessage, 'string');
});
var wm = track('wx manual 301 keeps the 3xx even to another host');
wx.request(wm.opts({ url: SERVER + '/redirect-to?status=301&url=' + encodeURIComponent(OTHER + '/json'), redirect: 'manual' }));
wm.expect('success', function (res) {
  assertEq(res.statusCode, 301);
  assertEq(hdr(res.header, 'location'), OTHER + '/json');
});
var dl = track('download follows');
wx.downloadFile(dl.opts({ url: CDN + '/redirect/1' }));
dl.expect('success', function (res) {
  assertEq(res.statusCode, 200);
});
// onHeadersReceived fires once, for the final response only (not per hop);
// with manual, for the 3xx.
var hf = track('headers once when following');
var hfHeads = [];
var hft = wx.request(hf.opts({ url: SERVER + '/redirect/3' }));
hft.onHeadersReceived(function (r) {
  hfHeads.push(r.statusCode);
});
hf.expect('success', function () {
  assertEq(hfHeads, [200]);
});
var hm = track('my headers once');
var hmHeads = [];
var hmt = my.request(hm.opts({ url: SERVER + '/redirect/3' }));
hmt.onHeadersReceived(function (r) {
  hmHeads.push(r.status);
});
hm.expect('success', function () {
  assertEq(hmHeads, [200]);
});
var hd = track('download headers once');
var hdHeads = [];
var hdt = wx.downloadFile(hd.opts({ url: CDN + '/redirect/2' }));
hdt.onHeadersReceived(function (r) {
  hdHeads.push(r.statusCode);
});
hd.expect('success', function () {
  assertEq(hdHeads, [200]);
});
var hx = track('manual headers');
var hxHeads = [];
var hxt = wx.request(hx.opts({ url: SERVER + '/redirect/3', redirect: 'manual' }));
hxt.onHeadersReceived(function (r) {
  hxHeads.push(r.statusCode);
});
hx.expect('success', function () {
  assertEq(hxHeads, [302]);
});
