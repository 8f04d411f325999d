// my socket error codes producible here. At once: 3 empty URL, 4 bad URL,
// 5 not ws/wss, 8 ws:// outside dev mode, 65 domain policy, 2 bad
// parameter. After connecting (fail + onSocketError): 6 timeout,
// 9 Sec-WebSocket-Protocol missing. Sending: 10 not connected, 11 send
// failed (the send queue overflows).
var port = WSS.split(':')[2];
function expectCode(name, o, code) {
  var t = track(name).expect('fail', function (res) {
    assertEq(Object.keys(res).sort(), ['error', 'errorMessage'], name);
    assertEq(res.error, code, name + ': ' + JSON.stringify(res));
    assertEq(typeof res.errorMessage, 'string');
  });
  sync(function () {
    my.connectSocket(t.opts(o));
  });
}
expectCode('empty url', { url: '' }, 3);
expectCode('no url', {}, 3);
expectCode('bad url', { url: 'not a url' }, 4);
expectCode('https scheme', { url: WSS.replace('wss:', 'https:') + '/ws/echo' }, 5);
expectCode('ftp scheme', { url: 'ftp://ws.minihost.test/' }, 5);
expectCode('ws outside dev mode', { url: WSS.replace('wss:', 'ws:') + '/ws/echo' }, 8);
expectCode('unlisted host', { url: OTHER.replace('https:', 'wss:') + '/ws/echo' }, 65);
expectCode('ip literal', { url: 'wss://127.0.0.1:' + port + '/ws/echo' }, 65);
expectCode('header not a string', { url: WSS + '/ws/echo', header: { 'X-N': 1 } }, 2);

// Asynchronous failures, on their own sockets (multiple: true) so that the
// default-mode replacement does not interfere.
var errorsSeen = [];
my.onSocketError(function (res) {
  errorsSeen.push(res.error);
});
function expectLater(name, o, code) {
  var t = track(name).expect('fail', function (res) {
    assertEq(res.error, code, name + ': ' + JSON.stringify(res));
  });
  o.multiple = true;
  var task = my.connectSocket(t.opts(o));
  var seen = [];
  task.onError(function (res) {
    seen.push('error ' + res.error);
  });
  task.onClose(function (res) {
    seen.push('close ' + res.code);
  });
  atEnd(function () {
    assertEq(seen, ['error ' + code, 'close 1006'], name);
  });
}
expectLater('timeout', { url: WSS + '/ws/hang', timeout: 300 }, 6);
expectLater('protocol missing', { url: WSS + '/ws/echo', protocols: ['chat'] }, 9);
expectLater('protocol missing (header)', { url: WSS + '/ws/echo', header: { 'Sec-WebSocket-Protocol': 'chat' } }, 9);

// 10: nothing connected yet, then a socket that has not opened.
var noSocket = track('send, no socket').expect('fail', function (res) {
  assertEq(res.error, 10);
});
var noSocketClose = track('close, no socket').expect('fail', function (res) {
  assertEq(res.error, 10);
});
sync(function () {
  my.sendSocketMessage(noSocket.opts({ data: 'x' }));
  my.closeSocket(noSocketClose.opts({}));
});

// 11: more than 4096 messages queued in one turn.
var ok = 0;
var failed = [];
var flood = track('flood');
var task = my.connectSocket({ url: WSS + '/ws/echo', multiple: true });
var before = track('send before open').expect('fail', function (res) {
  assertEq(res.error, 10);
});
sync(function () {
  task.send(before.opts({ data: 'early' }));
});
var badBase64 = track('bad base64').expect('fail', function (res) {
  assertEq(res.error, 2);
});
var pending = 5000;
function settled() {
  if (--pending === 0) task.close();
}
task.onOpen(function () {
  task.send(badBase64.opts({ data: '%%%', isBuffer: true }));
  for (var i = 0; i < 5000; i++) {
    task.send({
      data: 'm' + i,
      success: function () {
        ok++;
        settled();
      },
      fail: function (res) {
        failed.push(res.error);
        settled();
      },
    });
  }
});
task.onClose(function () {
  var r = { ok: ok, failed: failed.length };
  flood.success(r);
  flood.complete(r);
});
flood.expect('success', function (r) {
  assertEq(r, { ok: 4096, failed: 904 });
  failed.forEach(function (code) {
    assertEq(code, 11);
  });
});
atEnd(function () {
  assertEq(errorsSeen, [], 'multiple-mode errors reach no global listener');
});
