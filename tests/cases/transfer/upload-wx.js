// wx.uploadFile: formData text parts then the file part; success shape;
// progress (wx field names) monotonic, all before the head, ending at 100.
var fs = wx.getFileSystemManager();
var data = new Uint8Array(200000);
for (var i = 0; i < data.length; i++) data[i] = (i * 7) & 255;
fs.writeFileSync(wx.env.USER_DATA_PATH + '/photo.png', data.buffer);
var events = [];
var t = track('upload');
var task = sync(function () {
  return wx.uploadFile(
    t.opts({
      url: CDN + '/upload',
      filePath: 'wxfile://usr/photo.png',
      name: 'pic',
      formData: { user: 'ada', n: 42, obj: { k: [1] }, 'q"x': 'v' },
      header: { 'X-Custom': 7 },
    })
  );
});
task.onProgressUpdate(function (p) {
  events.push(['progress', p]);
});
task.onHeadersReceived(function (h) {
  events.push(['headers', h]);
});
t.expect('success', function (res) {
  assertEq(Object.keys(res).sort(), ['data', 'errMsg', 'header', 'statusCode']);
  assertEq(res.errMsg, 'uploadFile:ok');
  assertEq(res.statusCode, 200);
  assert(typeof res.data === 'string', 'data is a string');
  assertEq(hdr(res.header, 'content-type'), 'application/json');
  var body = JSON.parse(res.data);
  assertEq(body.fields, { user: 'ada', n: '42', obj: '{"k":[1]}', 'q%22x': 'v' });
  assertEq(body.files.length, 1);
  var f = body.files[0];
  assertEq([f.field, f.fileName, f.contentType, f.size], ['pic', 'photo.png', 'image/png', 200000]);
  assertEq(body.headers['x-custom'], '7');
  assert(/^multipart\/form-data; boundary=/.test(body.headers['content-type']), body.headers['content-type']);
  var total = Number(body.headers['content-length']);
  assert(total > 200000, 'sent with a Content-Length');
  // Progress: before the head, monotonic, wx names, last at 100 %.
  var heads = events.filter(function (e) {
    return e[0] === 'headers';
  });
  assertEq(heads.length, 1);
  assertEq(heads[0][1].statusCode, 200);
  assert(events[events.length - 1][0] === 'headers', 'progress before the head');
  var last = -1;
  var prog = events.filter(function (e) {
    return e[0] === 'progress';
  });
  assert(prog.length > 0, 'progress events');
  prog.forEach(function (e) {
    var p = e[1];
    assertEq(Object.keys(p).sort(), ['progress', 'totalBytesExpectedToSend', 'totalBytesSent']);
    assert(p.totalBytesSent >= last, 'monotonic');
    last = p.totalBytesSent;
    assertEq(p.totalBytesExpectedToSend, total);
  });
  assertEq(prog[prog.length - 1][1], { progress: 100, totalBytesSent: total, totalBytesExpectedToSend: total });
  assertEq(__mh.tempFiles(), []);
});
