// close({code, reason}) validation: 1000 or 3000-4999, reason at most 123
// UTF-8 bytes, types; each bad call fails once with a parameter error and
// leaves the socket open; then a valid close goes through.
function bad(name, o, detail) {
  var t = track(name).expect('fail', function (res) {
    assertEq(res, { errMsg: 'closeSocket:fail parameter error: ' + detail, errno: 600005 });
  });
  return function () {
    task.close(t.opts(o));
  };
}
var task = wx.connectSocket({ url: WSS + '/ws/echo' });
var calls = [
  bad('1001', { code: 1001 }, 'parameter.code should be 1000 or between 3000 and 4999 instead of 1001;'),
  bad('2999', { code: 2999 }, 'parameter.code should be 1000 or between 3000 and 4999 instead of 2999;'),
  bad('5000', { code: 5000 }, 'parameter.code should be 1000 or between 3000 and 4999 instead of 5000;'),
  bad('string code', { code: '1000' }, 'parameter.code should be Number instead of String;'),
  bad('long reason', { code: 1000, reason: new Array(125).join('x') }, 'parameter.reason should be at most 123 UTF-8 bytes instead of 124;'),
  bad('long utf8 reason', { reason: new Array(43).join('中') }, 'parameter.reason should be at most 123 UTF-8 bytes instead of 126;'),
  bad('reason type', { reason: 5 }, 'parameter.reason should be String instead of Number;'),
];
var goodClose = track('valid close').expect('success');
var closed = track('closed');
var reason = new Array(42).join('中'); // 41 characters, 123 bytes
task.onOpen(function () {
  sync(function () {
    calls.forEach(function (c) {
      c();
    });
  });
  assertEq(task.readyState, 1, 'still open');
  task.send({ data: 'still open' });
});
task.onMessage(function (res) {
  assertEq(res.data, 'still open');
  task.close(goodClose.opts({ code: 1000, reason: reason }));
});
task.onClose(function (res) {
  closed.success(res);
  closed.complete(res);
});
closed.expect('success', function (res) {
  assertEq(res, { code: 1000, reason: reason });
});
