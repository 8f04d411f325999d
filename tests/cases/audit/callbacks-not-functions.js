// SPEC §1: callbacks are optional; values that are not functions are
// ignored (no exception, exit 0), also for listeners; tasks still work.
wx.request({ url: SERVER + '/json', success: 5, fail: 'x', complete: null });
my.request({ url: OTHER + '/json', success: {}, fail: true, complete: 1 });
wx.downloadFile({ url: CDN + '/download?size=1', success: 'no' });
var task = wx.connectSocket({ url: WSS + '/ws/close?code=1000', success: [], complete: 0 });
task.onOpen(5);
task.onClose('x');
wx.getFileSystemManager().readFile({ filePath: 'wxfile://usr/nope', fail: 3 });
var t = track('after');
wx.request(t.opts({ url: SERVER + '/delay/100' }));
t.expect('success');
