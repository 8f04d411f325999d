// config: {"limits": {"maxConcurrentRequests": 1, "maxQueuedRequests": 6}}
// SPEC §9: request + uploadFile + downloadFile share the concurrent slots;
// more are queued FIFO, not failed. With one slot, tasks queued behind a
// running one start (and so end) in call order, across APIs and dialects.
wx.getFileSystemManager().writeFileSync('wxfile://usr/u.txt', 'u');
var order = [];
function rec(name, t) {
  var o = t.success;
  t.success = function (res) {
    order.push(name);
    o(res);
  };
}
var first = track('first');
wx.request(first.opts({ url: SERVER + '/delay/200' }));
first.expect('success');
var names = ['wx.request', 'wx.downloadFile', 'my.request', 'wx.uploadFile', 'my.downloadFile', 'my.uploadFile'];
var ts = names.map(function (n) {
  var t = track(n);
  rec(n, t);
  t.expect('success');
  return t;
});
wx.request(ts[0].opts({ url: SERVER + '/delay/5' }));
wx.downloadFile(ts[1].opts({ url: CDN + '/download?size=10' }));
my.request(ts[2].opts({ url: SERVER + '/delay/5' }));
wx.uploadFile(ts[3].opts({ url: CDN + '/upload', filePath: 'wxfile://usr/u.txt', name: 'f' }));
my.downloadFile(ts[4].opts({ url: CDN + '/download?size=10' }));
my.uploadFile(ts[5].opts({ url: CDN + '/upload', filePath: 'wxfile://usr/u.txt', fileName: 'f' }));
atEnd(function () {
  assertEq(order, names);
});
