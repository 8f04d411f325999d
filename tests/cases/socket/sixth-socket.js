// At most 5 sockets per app, across both dialects, counting connecting ones:
// the 6th fails at once (wx errMsg / my error 1); once one has closed, a new
// one connects.
var url = WSS + '/ws/echo';
var tasks = [];
for (var i = 0; i < 3; i++) tasks.push(wx.connectSocket({ url: url }));
for (var j = 0; j < 2; j++) tasks.push(my.connectSocket({ url: url, multiple: true }));
var sixth = track('wx sixth').expect('fail', function (res) {
  assertEq(res, { errMsg: 'connectSocket:fail exceed max websocket connect count 5', errno: 600007 });
});
var sixthTask = wx.connectSocket(sixth.opts({ url: url }));
assertEq(sixthTask.readyState, 3, 'the refused task is closed');
var mySixth = track('my sixth').expect('fail', function (res) {
  assertEq(res, { error: 1, errorMessage: 'exceed max websocket connect count 5' });
});
my.connectSocket(mySixth.opts({ url: url, multiple: true }));

var again = track('after a slot was freed').expect('success', function (res) {
  assertEq(res, { errMsg: 'connectSocket:ok' });
});
var allClosed = track('all closed');
var opened = 0;
var closed = 0;
function onClosed() {
  closed++;
  if (closed === 1) {
    var t = wx.connectSocket(again.opts({ url: url }));
    t.onOpen(function () {
      tasks.slice(1).concat([t]).forEach(function (x) {
        x.close({});
      });
    });
    t.onClose(onClosed);
  } else if (closed === 6) {
    var r = { closed: closed };
    allClosed.success(r);
    allClosed.complete(r);
  }
}
tasks.forEach(function (t) {
  t.onOpen(function () {
    opened++;
    if (opened === 5) tasks[0].close({ code: 1000 });
  });
  t.onClose(onClosed);
});
allClosed.expect('success');
