// exit: 1
// SPEC §1: an exception in any user callback (success, fail, complete, in
// both dialects, for request, transfers, sockets and fs) is reported (exit
// code 1) and breaks neither that task's remaining callbacks nor other tasks;
// complete still fires once after a throwing success/fail.
var log = [];
function thrower(name) {
  return function () {
    log.push(name);
    throw new Error('boom in ' + name);
  };
}
wx.request({ url: SERVER + '/json', complete: thrower('wx complete') });
my.request({ url: SERVER + '/status/500', fail: thrower('my fail'), complete: function () { log.push('my complete after fail'); } });
wx.request({ url: OTHER + '/json', fail: thrower('wx fail'), complete: function () { log.push('wx complete after fail'); } });
wx.downloadFile({ url: CDN + '/download?size=5', success: thrower('download success'), complete: function () { log.push('download complete'); } });
wx.connectSocket({ url: WSS + '/ws/close?code=4000', success: thrower('connectSocket success'), complete: function () { log.push('connectSocket complete'); } });
my.getFileSystemManager().readFile({ filePath: 'https://usr/nope', fail: thrower('fs fail'), complete: function () { log.push('fs complete'); } });
var t = track('unaffected');
wx.request(t.opts({ url: SERVER + '/delay/200' }));
t.expect('success', function () {
  assertEq(log.slice().sort(), [
    'connectSocket complete',
    'connectSocket success',
    'download complete',
    'download success',
    'fs complete',
    'fs fail',
    'my complete after fail',
    'my fail',
    'wx complete',
    'wx complete after fail',
    'wx fail',
  ]);
});
