// SPEC §1: callbacks never run synchronously inside the call, for every API
// of both dialects, also when the call fails its parameters or the domain
// policy before any I/O; exactly one of success/fail, then complete with the
// same object.
wx.getFileSystemManager().writeFileSync('wxfile://usr/a.txt', 'abc');
function call(name, fn, o, kind) {
  var t = track(name);
  var task = sync(function () {
    return fn(t.opts(o));
  });
  t.expect(kind);
  return task;
}
// my.request
call('my.request no url', my.request, {}, 'fail');
call('my.request policy', my.request, { url: OTHER + '/json' }, 'fail');
call('my.request method', my.request, { url: SERVER + '/json', method: 'PATCH' }, 'fail');
call('my.request header type', my.request, { url: SERVER + '/json', headers: { a: 1 } }, 'fail');
call('my.request dataType', my.request, { url: SERVER + '/json', dataType: 'xml' }, 'fail');
call('my.request invalid url', my.request, { url: 'not a url' }, 'fail');
// wx.request extras
call('wx.request method', wx.request, { url: SERVER + '/json', method: 'PATCH' }, 'fail');
call('wx.request invalid url', wx.request, { url: 'not a url' }, 'fail');
call('wx.request header CRLF', wx.request, { url: SERVER + '/json', header: { a: 'x\ny' } }, 'fail');
// uploadFile
call('wx.uploadFile policy', wx.uploadFile, { url: OTHER + '/upload', filePath: 'wxfile://usr/a.txt', name: 'f' }, 'fail');
call('wx.uploadFile no url', wx.uploadFile, { filePath: 'wxfile://usr/a.txt', name: 'f' }, 'fail');
call('my.uploadFile missing', my.uploadFile, { url: CDN + '/upload', filePath: 'https://usr/none', fileName: 'f' }, 'fail');
call('my.uploadFile policy', my.uploadFile, { url: OTHER + '/upload', filePath: 'https://usr/a.txt', fileName: 'f' }, 'fail');
call('my.uploadFile no fileName', my.uploadFile, { url: CDN + '/upload', filePath: 'https://usr/a.txt' }, 'fail');
call('my.uploadFile ok', my.uploadFile, { url: CDN + '/upload', filePath: 'https://usr/a.txt', fileName: 'f' }, 'success');
// downloadFile
call('wx.downloadFile no url', wx.downloadFile, {}, 'fail');
call('wx.downloadFile policy', wx.downloadFile, { url: OTHER + '/download' }, 'fail');
call('wx.downloadFile invalid url', wx.downloadFile, { url: 'nope' }, 'fail');
call('wx.downloadFile bad filePath', wx.downloadFile, { url: CDN + '/download?size=1', filePath: '/etc/x' }, 'fail');
call('wx.downloadFile ok', wx.downloadFile, { url: CDN + '/download?size=1' }, 'success');
call('my.downloadFile no url', my.downloadFile, {}, 'fail');
call('my.downloadFile http', my.downloadFile, { url: HTTP + '/download' }, 'fail');
call('my.downloadFile policy', my.downloadFile, { url: OTHER + '/download' }, 'fail');
call('my.downloadFile ok', my.downloadFile, { url: CDN + '/download?size=1' }, 'success');
// sockets: parameter errors of send/close on a multiple task and the globals
var mt = call('my.connectSocket multiple', my.connectSocket, { url: WSS + '/ws/echo', multiple: true }, 'success');
call('my task send before open', function (o) { return mt.send(o); }, { data: 'x' }, 'fail');
mt.onOpen(function () {
  call('my task close bad code', function (o) { return mt.close(o); }, { code: 1 }, 'fail');
  call('my task send ok', function (o) { return mt.send(o); }, { data: 'x' }, 'success');
});
mt.onMessage(function () {
  call('my task close ok', function (o) { return mt.close(o); }, {}, 'success');
});
// fs async forms of my
var mfs = my.getFileSystemManager();
call('my fs readFile', mfs.readFile, { filePath: 'https://usr/a.txt', encoding: 'utf8' }, 'success');
call('my fs readFile missing', mfs.readFile, { filePath: 'https://usr/none' }, 'fail');
call('my fs writeFile', mfs.writeFile, { filePath: 'https://usr/b.txt', data: 'x' }, 'success');
call('my fs stat missing', mfs.stat, { path: 'https://usr/none' }, 'fail');
