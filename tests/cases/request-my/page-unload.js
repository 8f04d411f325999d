// my error 1 / wx "interrupted": unloading a page interrupts the requests it
// started (here: redirectTo the page's own route unloads the first instance).
var loads = 0;
var m = track('my');
var w = track('wx');
var done = track('after unload');
Page({
  onLoad: function () {
    loads++;
    if (loads > 1) {
      // The new instance can still make requests.
      my.request(done.opts({ url: SERVER + '/json' }));
      return;
    }
    my.request(m.opts({ url: SERVER + '/delay/5000' }));
    wx.request(w.opts({ url: SERVER + '/delay/5000' }));
    var route = this.route;
    setTimeout(function () {
      my.redirectTo({ url: '/' + route });
    }, 50);
  },
});
m.expect('fail', function (res) {
  assertEq(res, { error: 1, errorMessage: 'request interrupted by page unload' });
});
w.expect('fail', function (res) {
  assertEq(res, { errMsg: 'request:fail interrupted', errno: 600003 });
});
done.expect('success');
