// config: {"limits": {"maxBufferedBody": 300}}
// SPEC §6 wx table rows for uploadFile / downloadFile (the per-API errMsg
// prefix and errno): invalid url 600009, too many redirects 600008, a
// buffered upload answer over the limit 602300; my: 12 for the same
// network failures.
wx.getFileSystemManager().writeFileSync('wxfile://usr/u.txt', 'hello');
function wxf(name, api, o, want) {
  var t = track(name).expect('fail', function (res) {
    assertEq(res, want, name);
  });
  wx[api](t.opts(o));
}
function myf(name, api, o) {
  var t = track(name).expect('fail', function (res) {
    assertEq(res.error, 12, name + ' ' + JSON.stringify(res));
  });
  my[api](t.opts(o));
}
var up = { filePath: 'wxfile://usr/u.txt', name: 'f' };
function withUp(o) {
  o.filePath = up.filePath;
  o.name = up.name;
  o.fileName = up.name;
  return o;
}
wxf('download invalid url', 'downloadFile', { url: 'nope' }, { errMsg: 'downloadFile:fail invalid url "nope"', errno: 600009 });
wxf('upload invalid url', 'uploadFile', withUp({ url: 'nope' }), { errMsg: 'uploadFile:fail invalid url "nope"', errno: 600009 });
wxf('download redirect loop', 'downloadFile', { url: CDN + '/redirect-loop' }, { errMsg: 'downloadFile:fail reached max redirect count', errno: 600008 });
wxf('upload redirect loop', 'uploadFile', withUp({ url: CDN + '/redirect-loop' }), { errMsg: 'uploadFile:fail reached max redirect count', errno: 600008 });
wxf('upload answer over the buffer limit', 'uploadFile', withUp({ url: CDN + '/echo' }), { errMsg: 'uploadFile:fail native buffer exceed size limit', errno: 602300 });
myf('my download redirect loop', 'downloadFile', { url: CDN + '/redirect-loop' });
myf('my upload redirect loop', 'uploadFile', withUp({ url: CDN + '/redirect-loop' }));
myf('my upload answer over the limit', 'uploadFile', withUp({ url: CDN + '/echo' }));
