// config: {"platform":"my"}
// Alipay's $spliceData splices arrays at a path, then calls back.
var done = false;
Page({
  data: { a: { list: [1, 2, 3] } },
  onLoad: function () {
    var self = this;
    this.$spliceData({ 'a.list': [1, 1, 'x', 'y'], fresh: [0, 0, 9] }, function () {
      assertEq(self.data.a.list, [1, 'x', 'y', 3]);
      assertEq(self.data.fresh, [9]);
      done = true;
    });
  },
  onUnload: function () {
    assert(done, 'callback ran');
    pass();
  },
});
