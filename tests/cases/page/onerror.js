// exit: 1
// An exception in a lifecycle hook is reported (exit 1), goes to App.onError,
// and does not stop the other hooks.
var errors = [];
var shown = false;
App({
  onError: function (msg) {
    errors.push(msg);
  },
});
Page({
  onLoad: function () {
    throw new Error('boom in onLoad');
  },
  onShow: function () {
    shown = true;
  },
  onUnload: function () {
    assert(shown, 'onShow still ran');
    assertEq(errors.length, 1);
    assert(errors[0].indexOf('boom in onLoad') >= 0, 'onError got the message: ' + errors[0]);
    pass();
  },
});
