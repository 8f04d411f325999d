// wx.connectSocket failures. Before any I/O (fail callback, no socket):
// domain policy (600002, also ws:// outside dev mode, https://, IP
// literals), malformed URL (600009), parameter errors (600005). After the
// task was created (success, then onError before onClose 1006): sub-protocol
// missing, connect timeout (errno 5), a non-upgrade answer.
var port = WSS.split(':')[2];
function failsNow(name, o, errMsg, errno) {
  var t = track(name).expect('fail', function (res) {
    assertEq(res, { errMsg: errMsg, errno: errno });
  });
  var task = sync(function () {
    return wx.connectSocket(t.opts(o));
  });
  assertEq(task.readyState, 3, name);
}
var refused = 'connectSocket:fail url not in domain list';
failsNow('unlisted host', { url: OTHER.replace('https:', 'wss:') + '/ws/echo' }, refused, 600002);
failsNow('ip literal', { url: 'wss://127.0.0.1:' + port + '/ws/echo' }, refused, 600002);
failsNow('ipv6 literal', { url: 'wss://[::1]:' + port + '/ws/echo' }, refused, 600002);
failsNow('localhost', { url: 'wss://localhost:' + port + '/ws/echo' }, refused, 600002);
failsNow('ws outside dev mode', { url: WSS.replace('wss:', 'ws:') + '/ws/echo' }, refused, 600002);
failsNow('https scheme', { url: WSS.replace('wss:', 'https:') + '/ws/echo' }, refused, 600002);
failsNow('malformed', { url: 'not a url' }, 'connectSocket:fail invalid url "not a url"', 600009);
failsNow('empty', { url: '' }, 'connectSocket:fail invalid url ""', 600009);
failsNow('no url', {}, 'connectSocket:fail parameter error: parameter.url should be String instead of Undefined;', 600005);
failsNow(
  'protocols type',
  { url: WSS + '/ws/echo', protocols: 'chat' },
  'connectSocket:fail parameter error: parameter.protocols should be Array instead of String;',
  600005
);
failsNow(
  'header CRLF',
  { url: WSS + '/ws/echo', header: { 'X-A': 'a\r\nX-B: b' } },
  'connectSocket:fail parameter error: parameter.header.X-A should not contain CR, LF or NUL;',
  600005
);

function failsLater(name, o, check) {
  var created = track(name + ': created').expect('success');
  var ended = track(name + ': events');
  var events = [];
  var task = wx.connectSocket(created.opts(o));
  task.onOpen(function () {
    events.push('open');
  });
  task.onError(function (res) {
    events.push('error');
    ended.res = res;
  });
  task.onClose(function (res) {
    events.push('close ' + res.code);
    var err = ended.res;
    ended.success(err);
    ended.complete(err);
  });
  ended.expect('success', function (err) {
    assertEq(events, ['error', 'close 1006'], name);
    assertEq(Object.keys(err).sort(), ['errMsg', 'errno'], name);
    check(err);
  });
}
failsLater('protocol missing', { url: WSS + '/ws/echo', protocols: ['chat'] }, function (err) {
  assertEq(err.errno, 600001);
  assert(err.errMsg.indexOf('Sec-WebSocket-Protocol') >= 0, err.errMsg);
});
failsLater('timeout', { url: WSS + '/ws/hang', timeout: 300 }, function (err) {
  assertEq(err, { errMsg: 'timeout', errno: 5 });
});
failsLater('not an upgrade', { url: WSS + '/json' }, function (err) {
  assertEq(err.errno, 600001);
  assert(err.errMsg.indexOf('200') >= 0, err.errMsg);
});
