// config: {"limits": {"maxConcurrentRequests": 1}}
// SPEC §1/§9: a queued task aborted before it got a slot fails abort exactly
// once and never reaches the server; the tasks queued behind it still run
// in order.
var order = [];
var a = track('running').expect('success');
wx.request(a.opts({ url: SERVER + '/delay/200' }));
var b = track('aborted while queued').expect('fail', function (res) {
  assertEq(res, { errMsg: 'request:fail abort', errno: 1 });
});
var bt = wx.request(b.opts({ url: SERVER + '/echo/b' }));
var heard = 0;
bt.onHeadersReceived(function () {
  heard++;
});
var c = track('after').expect('success', function () {
  order.push('c');
});
wx.request(c.opts({ url: SERVER + '/echo/c' }));
var m = track('my aborted while queued').expect('fail', function (res) {
  assertEq(res, { error: 9, errorMessage: 'abort' });
});
var mt = my.request(m.opts({ url: SERVER + '/echo/m' }));
var dl = track('download aborted while queued').expect('fail', function (res) {
  assertEq(res, { errMsg: 'downloadFile:fail abort', errno: 1 });
});
var dt = wx.downloadFile(dl.opts({ url: CDN + '/download?size=10' }));
setTimeout(function () {
  bt.abort();
  mt.abort();
  dt.abort();
}, 50);
atEnd(function () {
  assertEq(heard, 0);
  assertEq(order, ['c']);
  assertEq(__mh.tempFiles(), []);
});
