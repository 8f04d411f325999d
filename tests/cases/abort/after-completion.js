// abort() after the task ended does nothing (in complete, and later).
var t = track('done');
var o = t.opts({ url: SERVER + '/json' });
var task;
o.complete = function (res) {
  t.complete(res);
  task.abort();
  task.abort();
};
task = wx.request(o);
t.expect('success');
var u = track('later');
var task2 = my.request(u.opts({ url: SERVER + '/json' }));
u.expect('success', function () {
  task2.abort();
});
