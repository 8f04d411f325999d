// Unloading a page (here reLaunch to itself) fails the requests it started:
// wx "request:fail interrupted" (errno 600003), my error 1. Requests started
// by the App (no page current) and by the new page are not touched.
var first = true;
var appReq = track('app request');
App({
  onLaunch: function () {
    wx.request(appReq.opts({ url: SERVER + '/delay/300' }));
    appReq.expect('success', function (r) {
      assertEq(r.statusCode, 200);
    });
  },
});
Page({
  onLoad: function (q) {
    if (!first) {
      assertEq(q, { again: '1' });
      var fresh = track('new page request');
      wx.request(fresh.opts({ url: SERVER + '/delay/50' }));
      fresh.expect('success');
      return;
    }
    first = false;
    var w = track('wx interrupted');
    var task = wx.request(w.opts({ url: SERVER + '/delay/5000' }));
    w.expect('fail', function (r) {
      assertEq(r.errMsg, 'request:fail interrupted');
      assertEq(r.errno, 600003);
    });
    var m = track('my interrupted');
    my.request(m.opts({ url: SERVER + '/delay/5000' }));
    m.expect('fail', function (r) {
      assertEq(r.error, 1);
      assertEq(typeof r.errorMessage, 'string');
    });
    // One started from a timer while this page is current is tagged too.
    var later = track('timer interrupted');
    later.expect('fail', function (r) {
      assertEq(r.errMsg, 'request:fail interrupted');
    });
    setTimeout(function () {
      wx.request(later.opts({ url: SERVER + '/delay/5000' }));
      wx.reLaunch({ url: '/' + getCurrentPages()[0].route + '?again=1' });
    }, 20);
    // abort after the interrupt does nothing.
    atEnd(function () {
      task.abort();
    });
  },
});
