// Callbacks never run inside the call: parameter errors, policy errors and
// successes all arrive after the call returned.
var p = track('param');
sync(function () { wx.request(p.opts({})); });
p.expect('fail');
var d = track('policy');
sync(function () { wx.request(d.opts({ url: OTHER + '/json' })); });
d.expect('fail');
var s = track('ok');
sync(function () { wx.request(s.opts({ url: SERVER + '/json' })); });
s.expect('success');
