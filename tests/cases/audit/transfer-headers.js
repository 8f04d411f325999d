// SPEC §3/§4: the `header` option of downloadFile reaches the server in both
// dialects (my: `header` as in the seed, `headers` too); wx values are
// String()-converted, my values must be strings (error 2); uploadFile's my
// `header` form works like `headers`; wx uploadFile's non-2xx is a success.
var fs = wx.getFileSystemManager();
fs.writeFileSync('wxfile://usr/u.txt', 'u');
function dl(name, api, o, check) {
  var t = track(name);
  o.url = CDN + '/echo';
  api.downloadFile(t.opts(o));
  t.expect('success', function (res) {
    var echo = JSON.parse(fs.readFileSync(res.tempFilePath, 'utf8'));
    check(echo.headers);
  });
}
dl('wx header', wx, { header: { 'X-A': 5, Cookie: 'c=1' } }, function (h) {
  assertEq(h['x-a'], '5');
  assertEq(h.cookie, 'c=1');
});
dl('my header', my, { header: { 'X-B': 'b' } }, function (h) {
  assertEq(h['x-b'], 'b');
});
dl('my headers', my, { headers: { 'X-C': 'c' } }, function (h) {
  assertEq(h['x-c'], 'c');
});
var bad = track('my download header not a string').expect('fail', function (res) {
  assertEq(res.error, 2);
});
my.downloadFile(bad.opts({ url: CDN + '/echo', header: { 'X-N': 1 } }));
var mu = track('my upload header').expect('success', function (res) {
  assertEq(JSON.parse(res.data).headers['x-h'], 'h');
});
my.uploadFile(mu.opts({ url: CDN + '/upload', filePath: 'https://usr/u.txt', fileName: 'f', header: { 'X-H': 'h' } }));
var ws = track('wx upload 500').expect('success', function (res) {
  assertEq(res.statusCode, 500);
  assertEq(res.errMsg, 'uploadFile:ok');
  assertEq(typeof res.data, 'string');
});
wx.uploadFile(ws.opts({ url: CDN + '/upload/status/500', filePath: 'wxfile://usr/u.txt', name: 'f' }));
var fd = track('wx upload formData then file').expect('success', function (res) {
  var body = JSON.parse(res.data);
  assertEq(body.fields, { a: '1', b: 'two' });
  assertEq(body.files.map(function (f) { return [f.field, f.fileName, f.contentType, f.size]; }), [['up', 'u.txt', 'text/plain', 1]]);
});
wx.uploadFile(fd.opts({ url: CDN + '/upload', filePath: 'wxfile://usr/u.txt', name: 'up', formData: { a: 1, b: 'two' } }));
