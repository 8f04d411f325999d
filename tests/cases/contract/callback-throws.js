// An exception in success is reported (exit 1) but complete still runs,
// other tasks are unaffected, and the host keeps running.
// exit: 1
var completes = 0;
wx.request({
  url: SERVER + '/json',
  success: function () { throw new Error('boom in success'); },
  complete: function () { completes++; },
});
my.request({
  url: OTHER + '/json',
  fail: function () { throw new TypeError('boom in fail'); },
  complete: function () { completes++; },
});
var t = track('other');
wx.request(t.opts({ url: SERVER + '/delay/100' }));
t.expect('success');
atEnd(function () {
  assertEq(completes, 2);
});
