// SPEC §2: a script may not set Host, Content-Length, Transfer-Encoding or
// Connection (any spelling): they are dropped, in both dialects; a Cookie
// header is allowed (my too); a buffered body is sent with Content-Length.
var bad = {
  host: 'evil.example',
  'CONTENT-LENGTH': '999',
  connection: 'close',
  'transfer-encoding': 'chunked',
  Cookie: 'k=v',
};
function check(name, api, o) {
  var t = track(name);
  o.url = SERVER + '/echo';
  o.method = 'POST';
  o.data = { a: 1 };
  api.request(t.opts(o));
  t.expect('success', function (res) {
    var h = res.data.headers;
    assert(h.host === undefined || h.host.indexOf('api.minihost.test') === 0, name + ' host: ' + h.host);
    assertEq(h['content-length'], '7', name);
    assert(h['transfer-encoding'] === undefined, name + ' transfer-encoding');
    assert(h.connection === undefined || h.connection !== 'close', name + ' connection: ' + h.connection);
    assertEq(h.cookie, 'k=v', name + ' cookie');
    assertEq(res.data.body, '{"a":1}', name);
  });
}
check('wx', wx, { header: bad });
check('my headers', my, { headers: bad });
check('my header alias', my, { header: bad });
// h2: the same headers do not break the request either.
check('wx h2', wx, { header: bad, enableHttp2: true });
// A socket with Host / Connection set still upgrades and the server sees the real host.
var s = track('socket');
var task = wx.connectSocket({ url: WSS + '/ws/headers', header: { Host: 'evil.example', Connection: 'close', 'X-Ok': 'y' } });
task.onMessage(function (res) {
  var h = JSON.parse(res.data);
  task.close({});
  s.success(h);
  s.complete(h);
});
s.expect('success', function (h) {
  assert(hdr(h, 'host').indexOf('ws.minihost.test') === 0, 'socket host ' + hdr(h, 'host'));
  assertEq(hdr(h, 'x-ok'), 'y');
  assert(/upgrade/i.test(hdr(h, 'connection')), 'connection ' + hdr(h, 'connection'));
});
// uploadFile: the multipart content-type (with its boundary) and the real
// length win over a script's Content-Type / Content-Length / Host.
wx.getFileSystemManager().writeFileSync('wxfile://usr/u.txt', 'hello');
function up(name, api, o) {
  var t = track(name);
  o.url = CDN + '/upload';
  o.filePath = 'wxfile://usr/u.txt';
  api.uploadFile(t.opts(o));
  t.expect('success', function (res) {
    var body = JSON.parse(res.data);
    assertEq(body.files[0].size, 5, name);
    assert(/^multipart\/form-data; boundary=/.test(body.headers['content-type']), name + ' ' + body.headers['content-type']);
    assert(body.headers.host.indexOf('cdn.minihost.test') === 0, name + ' host');
    assert(Number(body.headers['content-length']) > 5, name + ' length');
  });
}
up('wx upload', wx, { name: 'f', header: { 'Content-Type': 'application/json', 'Content-Length': '3', 'Transfer-Encoding': 'chunked', Host: 'evil' } });
up('my upload', my, { fileName: 'f', headers: { 'content-type': 'text/plain', connection: 'close' } });
