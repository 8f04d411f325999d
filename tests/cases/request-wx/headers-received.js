// onHeadersReceived: added after the call, fires once before success with
// {header, statusCode, cookies}; off(listener) and off() remove.
var t = track('h');
var order = [];
var task = wx.request(t.opts({ url: SERVER + '/set-cookie?z=9' }));
var seen = [];
task.onHeadersReceived(function (r) {
  seen.push(r);
  order.push('headers');
});
var removed = function () {
  order.push('removed listener called');
};
task.onHeadersReceived(removed);
task.offHeadersReceived(removed);
var t2 = track('h2');
var task2 = wx.request(t2.opts({ url: SERVER + '/json' }));
task2.onHeadersReceived(function () {
  order.push('all removed listener called');
});
task2.offHeadersReceived();
var origSuccess = t.success;
t.success = function (res) {
  order.push('success');
  origSuccess(res);
};
t.expect('success', function (res) {
  assertEq(seen.length, 1, 'one headers event');
  assertEq(Object.keys(seen[0]).sort(), ['cookies', 'header', 'statusCode']);
  assertEq(seen[0].statusCode, 200);
  assert(seen[0].cookies.length === 1 && seen[0].cookies[0].indexOf('z=9') === 0, 'cookies');
  assertEq(hdr(seen[0].header, 'content-type'), hdr(res.header, 'content-type'));
});
t2.expect('success');
atEnd(function () {
  assertEq(order, ['headers']);
});
