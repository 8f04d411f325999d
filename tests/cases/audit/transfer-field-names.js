// SPEC §3/§4: field names per dialect. onHeadersReceived: wx {header,
// statusCode, ...}, my {headers, status}; progress: wx upload
// {progress, totalBytesSent, totalBytesExpectedToSend}, everything else
// {progress, totalBytesWritten, totalBytesExpectedToWrite}; success: wx
// carries errMsg "<api>:ok", my carries no errMsg; my upload
// {data, statusCode, header}, my download {apFilePath, tempFilePath}.
var fs = wx.getFileSystemManager();
fs.writeFileSync('wxfile://usr/u.bin', new ArrayBuffer(100000));
function run(name, api, fn, o, heads, progKeys, check) {
  var t = track(name);
  var task = api[fn](t.opts(o));
  var h = [];
  var p = [];
  task.onHeadersReceived(function (r) {
    h.push(r);
  });
  task.onProgressUpdate(function (r) {
    p.push(r);
  });
  t.expect('success', function (res) {
    assertEq(h.length, 1, name + ' one headers event');
    heads(h[0]);
    assert(p.length > 0, name + ' progress');
    p.forEach(function (x) {
      assertEq(Object.keys(x).sort(), progKeys, name);
    });
    assertEq(p[p.length - 1].progress, 100, name);
    check(res);
  });
}
var wxProgUp = ['progress', 'totalBytesExpectedToSend', 'totalBytesSent'];
var written = ['progress', 'totalBytesExpectedToWrite', 'totalBytesWritten'];
function wxHead(r) {
  assertEq(r.statusCode, 200);
  assertEq(typeof r.header, 'object');
  assert(r.headers === undefined && r.status === undefined, 'no my names in wx: ' + JSON.stringify(r));
}
function myHead(r) {
  assertEq(r.status, 200);
  assertEq(typeof r.headers, 'object');
  assert(r.header === undefined && r.statusCode === undefined, 'no wx names in my: ' + JSON.stringify(Object.keys(r)));
}
run('wx upload', wx, 'uploadFile', { url: CDN + '/upload', filePath: 'wxfile://usr/u.bin', name: 'f' }, wxHead, wxProgUp, function (res) {
  assertEq(res.errMsg, 'uploadFile:ok');
});
run('my upload', my, 'uploadFile', { url: CDN + '/upload', filePath: 'https://usr/u.bin', fileName: 'f' }, myHead, written, function (res) {
  assertEq(Object.keys(res).sort(), ['data', 'header', 'statusCode']);
  assertEq(typeof res.data, 'string');
});
run('wx download', wx, 'downloadFile', { url: CDN + '/download?size=100000' }, wxHead, written, function (res) {
  assertEq(res.errMsg, 'downloadFile:ok');
});
run('my download', my, 'downloadFile', { url: CDN + '/download?size=100000' }, myHead, written, function (res) {
  assert(res.errMsg === undefined, 'no errMsg');
  assertEq(res.apFilePath, res.tempFilePath);
  assert(/^https:\/\/resource\//.test(res.apFilePath), res.apFilePath);
});
// my multiple SocketTask readyState: 0 -> 1 -> 2 -> 3.
var s = track('my multiple readyState');
var states = [];
var st = my.connectSocket({ url: WSS + '/ws/echo', multiple: true });
states.push(st.readyState);
st.onOpen(function () {
  states.push(st.readyState);
  st.close();
  states.push(st.readyState);
});
st.onClose(function (r) {
  states.push(st.readyState);
  s.success(r);
  s.complete(r);
});
s.expect('success', function () {
  assertEq(states, [0, 1, 2, 3]);
  assertEq([st.CONNECTING, st.OPEN, st.CLOSING, st.CLOSED], [0, 1, 2, 3]);
});
