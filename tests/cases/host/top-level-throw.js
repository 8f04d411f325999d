// A throw at top level: reported, exit 1; what was started still runs.
// exit: 1
var t = track('r');
wx.request(t.opts({ url: SERVER + '/json' }));
t.expect('success');
throw new Error('top level');
