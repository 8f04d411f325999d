// SPEC §9: the wait queue is bounded by default at 1000: with the 10 slots
// busy and 1000 tasks waiting, the next one fails at once with errno 600007
// (my: error 20) while the waiting ones are not failed; aborting them then
// settles each exactly once.
var tasks = [];
var aborted = 0;
var settledCount = 0;
var n = 0;
function opts(url) {
  n++;
  return {
    url: url,
    fail: function (res) {
      if (res.errMsg === 'request:fail abort') aborted++;
    },
    complete: function () {
      settledCount++;
    },
  };
}
for (var i = 0; i < 10; i++) tasks.push(wx.request(opts(SERVER + '/delay/3000')));
for (var j = 0; j < 1000; j++) tasks.push(wx.request(opts(SERVER + '/json')));
var over = track('1011th').expect('fail', function (res) {
  assertEq(res, { errMsg: 'request:fail exceed max task count', errno: 600007 });
  assertEq(settledCount, 0, 'nothing else settled');
  tasks.forEach(function (t) {
    t.abort();
  });
});
wx.request(over.opts({ url: SERVER + '/json' }));
var myOver = track('my over').expect('fail', function (res) {
  assertEq(res.error, 20);
});
my.request(myOver.opts({ url: SERVER + '/json' }));
var end = track('all aborted');
var iv = setInterval(function () {
  if (settledCount === 1010) {
    clearInterval(iv);
    var r = { aborted: aborted };
    end.success(r);
    end.complete(r);
  }
}, 20);
end.expect('success', function (r) {
  assertEq(r.aborted, 1010);
});
