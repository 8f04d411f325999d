// config: {"urlCheck": false}
// Dev mode: ws:// and IP literals are allowed; a refused connection is an
// error event (wx) / fail with error 1 (my), then close 1006.
var port = WSS.split(':')[2];
var urls = [HTTP.replace('http:', 'ws:') + '/ws/echo', 'wss://127.0.0.1:' + port + '/ws/echo'];
urls.forEach(function (url) {
  var t = track(url);
  var task = wx.connectSocket({ url: url });
  task.onOpen(function () {
    task.send({ data: 'dev' });
  });
  task.onMessage(function (res) {
    assertEq(res.data, 'dev');
    task.close({});
  });
  task.onClose(function (res) {
    t.success(res);
    t.complete(res);
  });
  t.expect('success', function (res) {
    assertEq(res.code, 1000);
  });
});

var dead = DEAD.replace('https:', 'wss:') + '/ws/echo';
var wxDead = track('wx refused');
var seen = [];
var d = wx.connectSocket({ url: dead });
d.onError(function (res) {
  seen.push('error ' + res.errno);
});
d.onClose(function (res) {
  seen.push('close ' + res.code);
  wxDead.success(res);
  wxDead.complete(res);
});
wxDead.expect('success', function () {
  assertEq(seen, ['error 600001', 'close 1006']);
});
var myDead = track('my refused').expect('fail', function (res) {
  assertEq(res.error, 1);
});
my.connectSocket(myDead.opts({ url: dead }));
