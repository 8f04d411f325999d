// Over the bounded wait queue: 600007; the others still complete.
// config: {"limits": {"maxConcurrentRequests": 1, "maxQueuedRequests": 1}}
var a = track('running');
var b = track('queued');
var c = track('over');
wx.request(a.opts({ url: SERVER + '/delay/300' }));
wx.request(b.opts({ url: SERVER + '/delay/10' }));
wx.request(c.opts({ url: SERVER + '/json' }));
a.expect('success');
b.expect('success');
c.expect('fail', function (res) {
  assertEq(res, { errMsg: 'request:fail exceed max task count', errno: 600007 });
});
