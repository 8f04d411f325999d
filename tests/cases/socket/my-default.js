// my default mode, as in the seed: global listeners registered first, then
// my.connectSocket (success once the socket opened, before onSocketOpen),
// my.sendSocketMessage text and base64 binary (isBuffer), binary arriving
// base64-encoded with isBuffer: true, my.closeSocket → onSocketClose.
var log = [];
var connectT = track('connect');
var sendText = track('send text').expect('success');
var sendBin = track('send binary').expect('success');
var closeT = track('closeSocket').expect('success');
var closedT = track('onSocketClose');
var got = [];
my.onSocketOpen(function (res) {
  log.push('open');
  assertEq(typeof res.header, 'object');
  my.sendSocketMessage(sendText.opts({ data: 'hi' }));
  my.sendSocketMessage(sendBin.opts({ data: 'AAEC/w==', isBuffer: true }));
});
my.onSocketMessage(function (res) {
  got.push(res);
  if (got.length === 2) my.closeSocket(closeT.opts({}));
});
my.onSocketError(function (res) {
  log.push('error ' + JSON.stringify(res));
});
my.onSocketClose(function (res) {
  log.push('close');
  closedT.success(res);
  closedT.complete(res);
});
sync(function () {
  var o = connectT.opts({
    url: WSS + '/ws/echo',
    header: { 'content-type': 'application/json' },
  });
  o.success = function (res) {
    log.push('success');
    connectT.success(res);
  };
  my.connectSocket(o);
});
connectT.expect('success');
closedT.expect('success', function (res) {
  assertEq(res, { code: 1000, reason: '' });
});
atEnd(function () {
  assertEq(log, ['success', 'open', 'close']);
  assertEq(got, [
    { data: 'hi', isBuffer: false },
    { data: 'AAEC/w==', isBuffer: true },
  ]);
});
