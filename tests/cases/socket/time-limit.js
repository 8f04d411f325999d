// exit: 124
// args: --time-limit 1
// A socket left open keeps the host running; at the time limit it is closed
// (1001, going away) and its close event still fires.
var task = wx.connectSocket({ url: WSS + '/ws/echo' });
task.onClose(function (res) {
  assertEq(res, { code: 1001, reason: 'going away' });
  pass();
});
