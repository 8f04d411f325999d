// Listeners attached after the call (even in a later microtask) see every event.
var t = track('l');
var task = wx.request(t.opts({ url: SERVER + '/stream?chunks=2&interval=20&size=5' }));
var events = [];
Promise.resolve().then(function () {
  task.onHeadersReceived(function (r) { events.push('headers ' + r.statusCode); });
  task.onChunkReceived(function (r) { events.push('chunk ' + r.data.byteLength); });
});
t.expect('success', function () {
  assertEq(events, ['headers 200', 'chunk 5', 'chunk 5']);
});
