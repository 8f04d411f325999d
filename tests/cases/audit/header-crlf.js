// SPEC §2: "A header name or value containing CR, LF or NUL is a parameter
// error" — in every API with headers, both dialects: wx 600005, my 2 — and
// no request is made.
function wxFails(name, fn, o, field) {
  var t = track(name);
  var task = fn(t.opts(o));
  if (task && task.onHeadersReceived) {
    task.onHeadersReceived(function () {
      throw new Error(name + ': a request was made');
    });
  }
  t.expect('fail', function (res) {
    assertEq(res.errno, 600005, name + ' ' + JSON.stringify(res));
    assert(/:fail parameter error: /.test(res.errMsg), res.errMsg);
    assert(res.errMsg.indexOf('should not contain CR, LF or NUL') > 0, res.errMsg);
  });
}
function myFails(name, fn, o) {
  var t = track(name);
  var task = fn(t.opts(o));
  if (task && task.onHeadersReceived) {
    task.onHeadersReceived(function () {
      throw new Error(name + ': a request was made');
    });
  }
  t.expect('fail', function (res) {
    assertEq(res.error, 2, name + ' ' + JSON.stringify(res));
    assertEq(typeof res.errorMessage, 'string');
  });
}
wx.getFileSystemManager().writeFileSync('wxfile://usr/u.txt', 'u');
var bads = [
  ['LF value', { 'X-A': 'a\nb' }],
  ['CR value', { 'X-A': 'a\rb' }],
  ['NUL value', { 'X-A': 'a\u0000b' }],
  ['CR name', { 'X\rA': 'v' }],
  ['LF name', { 'X\nA': 'v' }],
];
bads.forEach(function (b) {
  wxFails('wx.request ' + b[0], wx.request, { url: SERVER + '/echo', header: b[1] });
  wxFails('wx.downloadFile ' + b[0], wx.downloadFile, { url: CDN + '/download?size=1', header: b[1] });
  wxFails('wx.uploadFile ' + b[0], wx.uploadFile, { url: CDN + '/upload', filePath: 'wxfile://usr/u.txt', name: 'f', header: b[1] });
  myFails('my.request ' + b[0], my.request, { url: SERVER + '/echo', headers: b[1] });
  myFails('my.request alias ' + b[0], my.request, { url: SERVER + '/echo', header: b[1] });
  myFails('my.downloadFile ' + b[0], my.downloadFile, { url: CDN + '/download?size=1', header: b[1] });
  myFails('my.uploadFile ' + b[0], my.uploadFile, { url: CDN + '/upload', filePath: 'https://usr/u.txt', fileName: 'f', header: b[1] });
  myFails('my.connectSocket ' + b[0], my.connectSocket, { url: WSS + '/ws/echo', header: b[1], multiple: true });
});
// wx.request's values go through String() first: a converted value with a newline is refused too.
wxFails('wx.request String() value', wx.request, { url: SERVER + '/echo', header: { 'X-A': { toString: function () { return 'a\nb'; } } } });
