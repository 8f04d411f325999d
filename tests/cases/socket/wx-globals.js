// wx global socket API: one listener per event (the last set wins), and
// wx.sendSocketMessage / wx.closeSocket / the global listeners act on the most
// recently connected socket only.
var sendT = track('wx.sendSocketMessage');
var closeT = track('wx.closeSocket');
var closedT = track('global onSocketClose');
var olderClosed = track('older onClose');
var log = [];
wx.onSocketOpen(function () {
  log.push('replaced open listener');
});
wx.onSocketOpen(function (res) {
  log.push('open');
  assertEq(typeof res.header, 'object');
  wx.sendSocketMessage(sendT.opts({ data: 'g1' }));
});
wx.onSocketMessage(function (res) {
  log.push('message ' + res.data);
  wx.closeSocket(closeT.opts({ code: 4000, reason: 'r' }));
});
wx.onSocketError(function (res) {
  log.push('error ' + JSON.stringify(res));
});
wx.onSocketClose(function (res) {
  log.push('close');
  closedT.success(res);
  closedT.complete(res);
});
var older = wx.connectSocket({ url: WSS + '/ws/echo' });
var newer = wx.connectSocket({ url: WSS + '/ws/echo' });
older.onOpen(function () {
  older.send({ data: 'older' });
});
older.onMessage(function (res) {
  assertEq(res.data, 'older');
  older.close({});
});
older.onClose(function (res) {
  olderClosed.success(res);
  olderClosed.complete(res);
});
sendT.expect('success', function (res) {
  assertEq(res, { errMsg: 'sendSocketMessage:ok' });
});
closeT.expect('success', function (res) {
  assertEq(res, { errMsg: 'closeSocket:ok' });
});
closedT.expect('success', function (res) {
  assertEq(res, { code: 4000, reason: 'r' });
  assertEq(newer.readyState, 3);
});
olderClosed.expect('success', function (res) {
  assertEq(res, { code: 1000, reason: '' });
});
atEnd(function () {
  assertEq(log, ['open', 'message g1', 'close']);
});
