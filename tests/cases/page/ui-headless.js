// The headless UI of both dialects: each call succeeds asynchronously as if
// the user confirmed (or picked the first item); canIUse answers for what
// the host implements.
function ui(ns, api, opts, check) {
  var t = track(api);
  sync(function () {
    ns[api](t.opts(opts));
  });
  t.expect('success', check);
}
ui(my, 'alert', { content: 'success' }, function (r) {
  assertEq(r, {});
});
ui(my, 'confirm', { title: 't', content: 'c' }, function (r) {
  assertEq(r.confirm, true);
});
ui(my, 'showToast', { content: 'hi', type: 'success' });
ui(my, 'hideToast', {});
ui(my, 'showLoading', { content: 'loading' });
ui(my, 'hideLoading', {});
ui(my, 'previewImage', { urls: ['https://resource/x.jpg'] });
ui(my, 'showActionSheet', { items: ['a', 'b'] }, function (r) {
  assertEq(r.index, 0);
});
ui(my, 'setNavigationBar', { title: 'T' });
ui(my, 'stopPullDownRefresh', {});
ui(wx, 'showModal', { title: 't', content: 'c' }, function (r) {
  assertEq(r.errMsg, 'showModal:ok');
  assertEq(r.confirm, true);
  assertEq(r.cancel, false);
});
ui(wx, 'showToast', { title: 'hi' }, function (r) {
  assertEq(r, { errMsg: 'showToast:ok' });
});
ui(wx, 'hideToast', {});
ui(wx, 'showLoading', { title: 'l' });
ui(wx, 'hideLoading', {});
ui(wx, 'showActionSheet', { itemList: ['a', 'b'] }, function (r) {
  assertEq(r, { errMsg: 'showActionSheet:ok', tapIndex: 0 });
});
ui(wx, 'setNavigationBarTitle', { title: 'T' });
ui(wx, 'stopPullDownRefresh', {});

// A bare string works for my.alert (as on Alipay).
my.alert('plain text');

atEnd(function () {
  assert(my.canIUse('request'), 'canIUse request');
  assert(wx.canIUse('request'), 'wx canIUse request');
  assert(my.canIUse('alert'), 'canIUse alert');
  assert(my.canIUse('navigateTo'), 'canIUse navigateTo');
  assert(!my.canIUse('getLocation'), 'getLocation is not implemented');
  assert(!wx.canIUse('chooseImage'), 'chooseImage is not implemented');
});
