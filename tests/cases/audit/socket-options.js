// SPEC §5: connectSocket options reach the server: `header` (both dialects),
// `protocols` (the server selects one: onOpen succeeds and its header shows
// it); tcpNoDelay / perMessageDeflate / timeout are accepted; my accepts the
// seed's `data` option; a my header value that is a string is sent.
function headersVia(name, connect, check) {
  var t = track(name);
  var task = connect();
  task.onMessage(function (res) {
    var h = JSON.parse(res.data);
    task.close({});
    t.success(h);
    t.complete(h);
  });
  t.expect('success', check);
}
headersVia('wx header', function () {
  return wx.connectSocket({ url: WSS + '/ws/headers', header: { 'X-Test': 1, Cookie: 'c=1' }, tcpNoDelay: true, perMessageDeflate: false, timeout: 5000 });
}, function (h) {
  assertEq(hdr(h, 'x-test'), '1');
  assertEq(hdr(h, 'cookie'), 'c=1');
});
headersVia('my header', function () {
  return my.connectSocket({ url: WSS + '/ws/headers', header: { 'X-My': 'v' }, data: { a: 1 }, multiple: true });
}, function (h) {
  assertEq(hdr(h, 'x-my'), 'v');
});
headersVia('wx perMessageDeflate true still connects', function () {
  return wx.connectSocket({ url: WSS + '/ws/headers', perMessageDeflate: true, tcpNoDelay: false });
}, function (h) {
  assert(typeof h === 'object', 'headers');
});
var p = track('protocols');
var pt = wx.connectSocket({ url: WSS + '/ws/protocol', protocols: ['chat', 'superchat'] });
var openRes = null;
pt.onOpen(function (res) {
  openRes = res;
  pt.send({ data: 'p' });
});
pt.onMessage(function (res) {
  assertEq(res.data, 'p');
  pt.close({});
});
pt.onClose(function (res) {
  p.success(res);
  p.complete(res);
});
p.expect('success', function (res) {
  assertEq(res.code, 1000);
  assertEq(hdr(openRes.header, 'sec-websocket-protocol'), 'chat');
});
var mp = track('my protocols').expect('success');
var mpt = my.connectSocket(mp.opts({ url: WSS + '/ws/protocol', protocols: ['x1'], multiple: true }));
mpt.onOpen(function (res) {
  assertEq(hdr(res.header, 'sec-websocket-protocol'), 'x1');
  mpt.close();
});
