// uploadFile failures: missing file (wx 1300002 / my 11), domain policy
// (wx 600002 / my 13), parameters (wx 600005 / my 2), all asynchronous.
wx.getFileSystemManager().writeFileSync('wxfile://usr/ok.txt', 'x');
function fails(name, api, o, want) {
  var t = track(name);
  var task = sync(function () {
    return api(t.opts(o));
  });
  assert(typeof task.abort === 'function' && typeof task.onProgressUpdate === 'function', name + ': task');
  t.expect('fail', function (res) {
    assertEq(res, want, name);
  });
}
var notFound = { errMsg: 'uploadFile:fail file not found', errno: 1300002 };
var myNotFound = { error: 11, errorMessage: 'file does not exist' };
fails('wx missing', wx.uploadFile, { url: CDN + '/upload', filePath: 'wxfile://usr/nope.txt', name: 'f' }, notFound);
fails('wx temp missing', wx.uploadFile, { url: CDN + '/upload', filePath: 'wxfile://tmp_nope.png', name: 'f' }, notFound);
fails('wx dir', wx.uploadFile, { url: CDN + '/upload', filePath: 'wxfile://usr', name: 'f' }, notFound);
fails('my missing', my.uploadFile, { url: CDN + '/upload', filePath: 'https://usr/nope.txt', fileName: 'f' }, myNotFound);
fails('wx other host', wx.uploadFile, { url: OTHER + '/upload', filePath: 'wxfile://usr/ok.txt', name: 'f' }, {
  errMsg: 'uploadFile:fail url not in domain list',
  errno: 600002,
});
fails('my other host', my.uploadFile, { url: OTHER + '/upload', filePath: 'wxfile://usr/ok.txt', fileName: 'f' }, {
  error: 13,
  errorMessage: 'no access',
});
fails('my http', my.uploadFile, { url: HTTP + '/upload', filePath: 'wxfile://usr/ok.txt', fileName: 'f' }, {
  error: 13,
  errorMessage: 'no access',
});
fails('wx no url', wx.uploadFile, { filePath: 'wxfile://usr/ok.txt', name: 'f' }, {
  errMsg: 'uploadFile:fail parameter error: parameter.url should be String instead of Undefined;',
  errno: 600005,
});
fails('wx no name', wx.uploadFile, { url: CDN + '/upload', filePath: 'wxfile://usr/ok.txt' }, {
  errMsg: 'uploadFile:fail parameter error: parameter.name should be String instead of Undefined;',
  errno: 600005,
});
fails('wx filePath type', wx.uploadFile, { url: CDN + '/upload', filePath: 42, name: 'f' }, {
  errMsg: 'uploadFile:fail parameter error: parameter.filePath should be String instead of Number;',
  errno: 600005,
});
fails('my no fileName', my.uploadFile, { url: CDN + '/upload', filePath: 'https://usr/ok.txt' }, {
  error: 2,
  errorMessage: 'parameter error: parameter.fileName should be String instead of Undefined;',
});
fails('wx header CRLF', wx.uploadFile, { url: CDN + '/upload', filePath: 'wxfile://usr/ok.txt', name: 'f', header: { a: 'x\r\ny: 1' } }, {
  errMsg: 'uploadFile:fail parameter error: parameter.header.a should not contain CR, LF or NUL;',
  errno: 600005,
});
