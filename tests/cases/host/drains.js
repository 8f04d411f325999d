// The host exits 0 when nothing is pending: no timers, no tasks.
var t = track('r');
wx.request(t.opts({ url: SERVER + '/delay/50' }));
t.expect('success');
