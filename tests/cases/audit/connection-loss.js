// SPEC §1/§6: connection loss mid-body settles exactly once: wx 600001 with
// the detail, my error 12, for request, uploadFile (response cut) and
// downloadFile, also with listeners attached; a connection refused is the
// same failure.
wx.getFileSystemManager().writeFileSync('wxfile://usr/u.txt', 'u');
function lost(name, fn, o, check) {
  var t = track(name).expect('fail', check);
  var task = fn(t.opts(o));
  task.onHeadersReceived(function () {});
}
function wx600001(res) {
  assertEq(Object.keys(res).sort(), ['errMsg', 'errno']);
  assertEq(res.errno, 600001);
  assert(/^\w+:fail \S/.test(res.errMsg), res.errMsg);
}
function my12(res) {
  assertEq(res.error, 12, JSON.stringify(res));
}
lost('my request truncated', my.request, { url: SERVER + '/truncate?size=1000&cut=100', dataType: 'text' }, my12);
lost('my request truncated h2', my.request, { url: SERVER + '/truncate?size=1000&cut=100', enableHttp2: true }, my12);
lost('wx request truncated h2', wx.request, { url: SERVER + '/truncate?size=1000&cut=100', enableHttp2: true }, wx600001);
lost('wx upload response cut', wx.uploadFile, { url: CDN + '/truncate?size=1000&cut=10', filePath: 'wxfile://usr/u.txt', name: 'f' }, wx600001);
lost('my upload response cut', my.uploadFile, { url: CDN + '/truncate?size=1000&cut=10', filePath: 'wxfile://usr/u.txt', fileName: 'f' }, my12);
lost('my download truncated', my.downloadFile, { url: CDN + '/download?size=200000&truncate=1000' }, my12);
lost('wx download refused', wx.downloadFile, { url: DEAD + '/x' }, function (res) {
  // DEAD is only in the request list.
  assertEq(res.errno, 600002);
});
lost('wx request refused with listeners', wx.request, { url: DEAD + '/x' }, wx600001);
atEnd(function () {
  assertEq(__mh.tempFiles(), []);
});
