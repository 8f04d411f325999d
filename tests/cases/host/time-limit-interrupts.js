// At the time limit pending requests fail with "interrupted" (wx) / 1 (my)
// before the host exits 124.
// exit: 124
// args: --time-limit 0.5
var results = [];
function done() {
  if (results.length < 2) return;
  assertEq(results.sort(), ['my 1', 'wx request:fail interrupted 600003']);
  console.log('PASS');
}
wx.request({
  url: SERVER + '/delay/10000',
  fail: function (e) { results.push('wx ' + e.errMsg + ' ' + e.errno); },
  complete: done,
});
my.request({
  url: SERVER + '/delay/10000',
  fail: function (e) { results.push('my ' + e.error); },
  complete: done,
});
