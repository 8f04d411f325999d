// exit: 124
// args: --time-limit 1
// SPEC §1/§10: at the time limit every socket still settles: an open my
// default-mode socket fires onSocketClose (1001); a my socket still
// connecting fails its connect exactly once and closes; a wx socket still
// connecting fires its close.
var seen = [];
function note(s) {
  seen.push(s);
  if (seen.length === 4) {
    assertEq(seen.slice().sort(), [
      'my connecting: close 1001, complete, fail',
      'my default close 1001',
      'my default open',
      'wx connecting close 1001',
    ]);
    console.log('PASS');
  }
}
my.onSocketOpen(function () {
  note('my default open');
});
my.onSocketClose(function (r) {
  note('my default close ' + r.code);
});
my.connectSocket({ url: WSS + '/ws/echo' });
var calls = [];
var c = my.connectSocket({
  url: WSS + '/ws/hang',
  multiple: true,
  success: function () {
    calls.push('success');
  },
  fail: function () {
    calls.push('fail');
  },
  complete: function () {
    calls.push('complete');
  },
});
c.onClose(function (r) {
  calls.push('close ' + r.code);
  note('my connecting: ' + calls.slice().sort().join(', '));
});
var w = wx.connectSocket({ url: WSS + '/ws/hang' });
w.onClose(function (r) {
  note('wx connecting close ' + r.code);
});
