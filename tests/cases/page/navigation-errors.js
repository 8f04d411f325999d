// Navigation failures in both dialects: unknown page, back from the first page.
Page({
  onLoad: function () {
    var a = track('navigateTo missing');
    sync(function () {
      wx.navigateTo(a.opts({ url: '/pages/none/none' }));
    });
    a.expect('fail', function (r) {
      assertEq(r.errMsg, 'navigateTo:fail page "pages/none/none" is not found');
    });
    var b = track('navigateBack first');
    sync(function () {
      wx.navigateBack(b.opts({}));
    });
    b.expect('fail', function (r) {
      assertEq(r.errMsg, 'navigateBack:fail cannot navigate back at first page.');
    });
    var c = track('my.navigateTo missing');
    sync(function () {
      my.navigateTo(c.opts({ url: 'none' }));
    });
    c.expect('fail', function (r) {
      assertEq(typeof r.error, 'number');
      assert(r.errorMessage.indexOf('is not found') >= 0, r.errorMessage);
    });
    var d = track('redirectTo bad url');
    sync(function () {
      wx.redirectTo(d.opts({}));
    });
    d.expect('fail', function (r) {
      assert(r.errMsg.indexOf('redirectTo:fail') === 0, r.errMsg);
    });
    atEnd(function () {
      assertEq(getCurrentPages().length, 1);
    });
  },
});
