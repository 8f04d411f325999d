// my: queue over its bound -> error 20; body over the buffer limit -> error 12.
// config: {"limits": {"maxConcurrentRequests": 1, "maxQueuedRequests": 1, "maxBufferedBody": 1000}}
var a = track('running');
var b = track('queued');
var c = track('over');
my.request(a.opts({ url: SERVER + '/delay/300' }));
my.request(b.opts({ url: SERVER + '/bytes/5000', dataType: 'arraybuffer' }));
my.request(c.opts({ url: SERVER + '/json' }));
a.expect('success');
b.expect('fail', function (res) {
  assertEq(res.error, 12);
});
c.expect('fail', function (res) {
  assertEq(res.error, 20);
});
