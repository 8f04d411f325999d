// config: {"limits": {"maxConcurrentRequests": 1, "maxQueuedRequests": 1}}
// SPEC §9/§6: the shared queue is bounded; an uploadFile or downloadFile over
// the bound fails with errno 600007 "<api>:fail exceed max task count" (the
// queue is shared with requests); the running and queued ones complete.
wx.getFileSystemManager().writeFileSync('wxfile://usr/u.txt', 'u');
var a = track('running request').expect('success');
var b = track('queued download').expect('success');
wx.request(a.opts({ url: SERVER + '/delay/300' }));
wx.downloadFile(b.opts({ url: CDN + '/download?size=10' }));
var c = track('download over').expect('fail', function (res) {
  assertEq(res, { errMsg: 'downloadFile:fail exceed max task count', errno: 600007 });
});
wx.downloadFile(c.opts({ url: CDN + '/download?size=10' }));
var d = track('upload over').expect('fail', function (res) {
  assertEq(res, { errMsg: 'uploadFile:fail exceed max task count', errno: 600007 });
});
wx.uploadFile(d.opts({ url: CDN + '/upload', filePath: 'wxfile://usr/u.txt', name: 'f' }));
var e = track('my download over').expect('fail', function (res) {
  assertEq(typeof res.error, 'number');
});
my.downloadFile(e.opts({ url: CDN + '/download?size=10' }));
var f = track('request over').expect('fail', function (res) {
  assertEq(res.errno, 600007);
});
wx.request(f.opts({ url: SERVER + '/json' }));
