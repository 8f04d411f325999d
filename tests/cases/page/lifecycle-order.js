// args: --call :tap --call :tap2
// App and Page lifecycles run in order; --call passes a tap-like event;
// getApp / getCurrentPages / this.route / this.options.
var order = [];
App({
  globalData: { who: 'app' },
  onLaunch: function (o) {
    order.push('App.onLaunch');
    assert(typeof o === 'object' && typeof o.query === 'object' && o.scene === 1001, 'launch options');
  },
  onShow: function () {
    order.push('App.onShow');
  },
  onHide: function () {
    order.push('App.onHide');
  },
  hello: function () {
    return 'hi ' + this.globalData.who;
  },
});
Page({
  data: { n: 0 },
  onLoad: function (q) {
    order.push('onLoad');
    assertEq(q, {});
    assertEq(this.options, {});
    assert(typeof this.route === 'string' && this.route.length > 0, 'route');
    assert(getApp().hello() === 'hi app', 'getApp is the App instance');
    assertEq(getCurrentPages().length, 1);
  },
  onShow: function () {
    order.push('onShow');
  },
  onReady: function () {
    order.push('onReady');
  },
  onHide: function () {
    order.push('onHide');
  },
  tap: function (e) {
    order.push('tap');
    assert(this === getCurrentPages()[0], 'this is the page');
    assertEq(e.type, 'tap');
    assertEq(e.currentTarget.dataset, {});
    assertEq(e.target.dataset, {});
    assertEq(e.detail, {});
    var self = this;
    // Work started by a call drains before the next call.
    setTimeout(function () {
      self.setData({ n: 1 });
    }, 50);
  },
  tap2: function () {
    order.push('tap2');
    assertEq(this.data.n, 1, 'the first call settled before the second');
  },
  onUnload: function () {
    order.push('onUnload');
    assertEq(order, ['App.onLaunch', 'App.onShow', 'onLoad', 'onShow', 'onReady', 'tap', 'tap2', 'onHide', 'App.onHide', 'onUnload']);
    pass();
  },
});
