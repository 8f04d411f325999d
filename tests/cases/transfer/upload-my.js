// my.uploadFile: fileName (alias name), fileType accepted, headers; success
// {data, statusCode, header}; progress with the Written/ToWrite names.
var fs = my.getFileSystemManager();
fs.writeFileSync(my.env.USER_DATA_PATH + '/a.jpg', 'not really a jpeg');
var prog = [];
var t = track('fileName');
var task = my.uploadFile(
  t.opts({
    url: CDN + '/upload',
    fileType: 'image',
    fileName: 'file',
    filePath: 'https://usr/a.jpg',
    headers: { 'X-From': 'my' },
    formData: { a: 'b' },
  })
);
task.onProgressUpdate(function (p) {
  prog.push(p);
});
t.expect('success', function (res) {
  assertEq(Object.keys(res).sort(), ['data', 'header', 'statusCode']);
  assertEq(res.statusCode, 200);
  var body = JSON.parse(res.data);
  assertEq(body.fields, { a: 'b' });
  assertEq([body.files[0].field, body.files[0].fileName, body.files[0].contentType, body.files[0].size], ['file', 'a.jpg', 'image/jpeg', 17]);
  assertEq(body.headers['x-from'], 'my');
  assert(/alipay-eco\.com/.test(body.headers.referer), 'my referer');
  var p = prog[prog.length - 1];
  assertEq(Object.keys(p).sort(), ['progress', 'totalBytesExpectedToWrite', 'totalBytesWritten']);
  assertEq(p.progress, 100);
  assertEq(p.totalBytesWritten, p.totalBytesExpectedToWrite);
});
// `name` is accepted as an alias; a wx-form path works in my too.
var u = track('name alias');
my.uploadFile(u.opts({ url: CDN + '/upload', name: 'alias', filePath: 'wxfile://usr/a.jpg' }));
u.expect('success', function (res) {
  assertEq(JSON.parse(res.data).files[0].field, 'alias');
});
// Any status is a response.
var s = track('status');
my.uploadFile(s.opts({ url: CDN + '/upload/status/500', fileName: 'f', filePath: 'https://usr/a.jpg' }));
s.expect('success', function (res) {
  assertEq(res.statusCode, 500);
});
