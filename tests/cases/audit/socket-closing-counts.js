// SPEC §5: at most 5 sockets at once "(connecting, open or closing)": a
// socket whose close() was just called (readyState 2, CLOSING) still holds
// its slot, so a 6th connect made right then fails; once the close event
// fired the slot is free.
var url = WSS + '/ws/echo';
var tasks = [];
var opened = 0;
var after = track('after the close event').expect('success');
var sixth = track('6th while one is closing').expect('fail', function (res) {
  assertEq(res, { errMsg: 'connectSocket:fail exceed max websocket connect count 5', errno: 600007 });
});
var done = track('done');
var closed = 0;
for (var i = 0; i < 5; i++) {
  (function (t) {
    tasks.push(t);
    t.onOpen(function () {
      opened++;
      if (opened === 5) {
        tasks[0].close({});
        assertEq(tasks[0].readyState, 2, 'closing');
        wx.connectSocket(sixth.opts({ url: url }));
      }
    });
    t.onClose(function () {
      closed++;
      if (t === tasks[0]) {
        var n = wx.connectSocket(after.opts({ url: url }));
        n.onOpen(function () {
          tasks.slice(1).concat([n]).forEach(function (x) {
            x.close({});
          });
        });
        n.onClose(function () {
          closed++;
          if (closed === 6) {
            var r = {};
            done.success(r);
            done.complete(r);
          }
        });
      } else if (closed === 6) {
        var r = {};
        done.success(r);
        done.complete(r);
      }
    });
  })(wx.connectSocket({ url: url }));
}
done.expect('success');
