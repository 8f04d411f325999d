// A page hidden by navigateTo keeps its requests; the page unloaded by
// navigateBack fails its own ones (interrupted) and the one below shows again.
var n = 0;
var shows = [];
var kept = track('hidden page request');
kept.expect('success', function (r) {
  assertEq(r.statusCode, 200);
});
var cut = track('unloaded page request');
cut.expect('fail', function (r) {
  assertEq(r.errMsg, 'request:fail interrupted');
});
Page({
  onLoad: function () {
    n++;
    this.which = n;
    var route = this.route;
    if (n === 1) {
      wx.request(kept.opts({ url: SERVER + '/delay/400' }));
      wx.navigateTo({
        url: '/' + route + '?second=1',
        success: function () {
          assertEq(getCurrentPages().length, 2);
        },
      });
    } else {
      assertEq(this.options, { second: '1' });
      wx.request(cut.opts({ url: SERVER + '/delay/5000' }));
      setTimeout(function () {
        wx.navigateBack({
          complete: function (r) {
            assertEq(r.errMsg, 'navigateBack:ok');
            assertEq(getCurrentPages().length, 1);
          },
        });
      }, 30);
    }
  },
  onShow: function () {
    shows.push(this.which);
  },
  onUnload: function () {
    if (this.which === 1) {
      assertEq(shows, [1, 2, 1]);
    }
  },
});
