// Headless UI: calls succeed asynchronously as if the user confirmed.
var got = [];
function rec(name) {
  return {
    success: function (r) { got.push(name + ' ' + JSON.stringify(r)); },
    complete: function () { got.push(name + ' complete'); },
  };
}
sync(function () {
  my.alert(Object.assign({ content: 'hi' }, rec('alert')));
  my.confirm(Object.assign({ content: 'sure?' }, rec('confirm')));
  my.showToast(Object.assign({ content: 't' }, rec('toast')));
  wx.showModal(Object.assign({ title: 'm' }, rec('modal')));
  wx.showLoading(Object.assign({ title: 'l' }, rec('loading')));
  my.hideLoading();
  my.alert('plain string');
});
assertEq(got, [], 'nothing synchronous');
setTimeout(function () {
  assertEq(got, [
    'alert {}', 'alert complete',
    'confirm {"confirm":true,"cancel":false}', 'confirm complete',
    'toast {}', 'toast complete',
    'modal {"errMsg":"showModal:ok","confirm":true,"cancel":false}', 'modal complete',
    'loading {"errMsg":"showLoading:ok"}', 'loading complete',
  ]);
  pass();
}, 20);
