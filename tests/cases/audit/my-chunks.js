// SPEC §2 RequestTask in my: onChunkReceived delivers each piece of the body
// as {data: ArrayBuffer}, in order, after onHeadersReceived and before
// success, whose data is then the whole body (decoded per dataType);
// offChunkReceived() removes all listeners, offHeadersReceived(f) only f.
var t = track('my stream');
var events = [];
var o = t.success;
t.success = function (res) {
  events.push('success');
  o(res);
};
var task = my.request(t.opts({ url: SERVER + '/stream?chunks=3&interval=20&size=4', dataType: 'text' }));
task.onHeadersReceived(function (r) {
  events.push('headers ' + r.status);
});
var dropped = function () {
  events.push('dropped headers listener');
};
task.onHeadersReceived(dropped);
task.offHeadersReceived(dropped);
task.onChunkReceived(function (r) {
  assert(r.data instanceof ArrayBuffer, 'ArrayBuffer');
  events.push(String.fromCharCode.apply(null, bytes(r.data)));
});
t.expect('success', function (res) {
  assertEq(res.data, 'aaaabbbbcccc');
  assertEq(events, ['headers 200', 'aaaa', 'bbbb', 'cccc', 'success']);
});
var u = track('my off all');
var task2 = my.request(u.opts({ url: SERVER + '/stream?chunks=2&interval=10&size=3', dataType: 'text' }));
var n = 0;
task2.onChunkReceived(function () {
  n++;
});
task2.onChunkReceived(function () {
  n++;
});
task2.offChunkReceived();
u.expect('success', function (res) {
  assertEq(n, 0);
  assertEq(res.data, 'aaabbb');
});
// wx and my: a listener added inside onHeadersReceived still gets every chunk.
var w = track('listener added in headers');
var task3 = wx.request(w.opts({ url: SERVER + '/stream?chunks=2&interval=30&size=2' }));
var late = [];
task3.onHeadersReceived(function () {
  task3.onChunkReceived(function (r) {
    late.push(r.data.byteLength);
  });
});
w.expect('success', function () {
  assertEq(late, [2, 2]);
});
