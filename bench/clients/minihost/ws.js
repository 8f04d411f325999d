// WSS echo round trips with wx.connectSocket: one PARAMS.size-byte text message in
// flight, for PARAMS.seconds after the socket opens.
var payload = 'abcdefghijklmnopqrstuvwxyz';
while (payload.length < PARAMS.size) payload += payload;
payload = payload.slice(0, PARAMS.size);
var lat = [];
var start = 0;
var end = 0;
var t0 = 0;
var finished = false;

var task = wx.connectSocket({
  url: PARAMS.url,
  // Like the raw client (and Node's ws, Bun, Deno): no Nagle delay on small messages.
  tcpNoDelay: true,
  fail: function (e) {
    benchFail('connectSocket: ' + benchErr(e));
  },
});

function send() {
  t0 = benchNow();
  task.send({
    data: payload,
    fail: function (e) {
      benchFail('send: ' + benchErr(e));
      task.close({ code: 1000 });
    },
  });
}

task.onOpen(function () {
  start = benchNow();
  end = start + PARAMS.seconds * 1000;
  send();
});

task.onMessage(function (msg) {
  var data = msg.data;
  var len = typeof data === 'string' ? data.length : data.byteLength;
  if (len !== PARAMS.size) {
    benchFail('echo of ' + len + ' bytes, sent ' + PARAMS.size);
    finished = true;
    task.close({ code: 1000 });
    return;
  }
  lat.push(benchNow() - t0);
  if (benchNow() < end) {
    send();
  } else {
    finished = true;
    var r = benchLatencySummary(lat, (benchNow() - start) / 1000);
    r.errors = 0;
    benchFinish(r);
    task.close({ code: 1000 });
  }
});

task.onError(function (e) {
  if (!finished) benchFail('socket error: ' + benchErr(e));
});

task.onClose(function (e) {
  if (!finished) benchFail('socket closed early: ' + e.code + ' ' + e.reason);
});
