// SPEC §1/§5: closing a socket before it opened: the close call settles
// once, no open event, the close event fires exactly once (after any error),
// readyState ends at 3; my multiple: the connect fails exactly once.
var w = track('wx');
var wclose = track('wx close call').expect('success');
var events = [];
var wt = wx.connectSocket({ url: WSS + '/ws/echo' });
wt.onOpen(function () {
  events.push('open');
});
wt.onError(function () {
  events.push('error');
});
wt.onClose(function (res) {
  events.push('close');
  setTimeout(function () {
    w.success(res);
    w.complete(res);
  }, 200);
});
wt.close(wclose.opts({ code: 1000 }));
w.expect('success', function () {
  assert(events.indexOf('open') < 0, 'no open: ' + events);
  assertEq(events[events.length - 1], 'close');
  assertEq(events.filter(function (e) { return e === 'close'; }).length, 1);
  assertEq(wt.readyState, 3);
});
var m = track('my multiple connect').expect('fail');
var mclose = track('my close call').expect('success');
var mevents = [];
var mt = my.connectSocket(m.opts({ url: WSS + '/ws/echo', multiple: true }));
mt.onOpen(function () {
  mevents.push('open');
});
mt.onClose(function () {
  mevents.push('close');
});
mt.close(mclose.opts({}));
atEnd(function () {
  assertEq(mevents, ['close']);
});
