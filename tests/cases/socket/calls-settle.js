// args: --call :open --call :sendIt
// --call with a socket open: before each call the host waits for requests,
// connecting sockets and near timers, not for open sockets, so every call
// runs, in order, and the run drains once the echo closed the socket.
var log = [];
var replied = false;
var timerFired = false;
var request = track('request');
Page({
  open: function () {
    log.push('open call');
    my.onSocketOpen(function () {
      log.push('opened');
    });
    my.onSocketMessage(function (res) {
      log.push('message ' + res.data);
      my.closeSocket();
    });
    my.onSocketClose(function () {
      log.push('closed');
    });
    my.connectSocket({ url: WSS + '/ws/echo' });
    my.request(
      request.opts({
        url: SERVER + '/delay/150',
      })
    );
    request.expect('success', function () {
      replied = true;
    });
    setTimeout(function () {
      timerFired = true;
    }, 80);
  },
  sendIt: function () {
    log.push('send call: replied ' + replied + ', timer ' + timerFired);
    my.sendSocketMessage({ data: 'ping' });
  },
  onUnload: function () {
    assertEq(log, [
      'open call',
      'opened',
      'send call: replied true, timer true',
      'message ping',
      'closed',
    ]);
    pass();
  },
});
