// enableHttp2 (SPEC §2): HTTP/1.1 by default, as WeChat's default is false;
// with enableHttp2: true the host offers h2 by ALPN (the devserver picks it).
// The same for downloadFile (its body is the /echo answer).
var fs = wx.getFileSystemManager();
var cases = [
  ['default', {}, 'HTTP/1.1'],
  ['false', { enableHttp2: false }, 'HTTP/1.1'],
  ['true', { enableHttp2: true }, 'HTTP/2.0'],
];
cases.forEach(function (c) {
  var t = track('request ' + c[0]);
  var o = { url: SERVER + '/echo', method: 'POST', data: { k: c[0] } };
  for (var k in c[1]) o[k] = c[1][k];
  wx.request(t.opts(o));
  t.expect('success', function (res) {
    assertEq(res.statusCode, 200);
    assertEq(res.data.httpVersion, c[2], c[0]);
    assertEq(res.data.body, JSON.stringify({ k: c[0] }));
  });
  var m = track('my.request ' + c[0]);
  var mo = { url: SERVER + '/echo' };
  for (var k2 in c[1]) mo[k2] = c[1][k2];
  my.request(m.opts(mo));
  m.expect('success', function (res) {
    assertEq(res.data.httpVersion, c[2], 'my ' + c[0]);
  });
  var d = track('download ' + c[0]);
  var dop = { url: CDN + '/echo' };
  for (var k3 in c[1]) dop[k3] = c[1][k3];
  wx.downloadFile(d.opts(dop));
  d.expect('success', function (res) {
    assertEq(res.statusCode, 200);
    var echo = JSON.parse(fs.readFileSync(res.tempFilePath, 'utf8'));
    assertEq(echo.httpVersion, c[2], 'download ' + c[0]);
  });
});
