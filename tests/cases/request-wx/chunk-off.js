// offChunkReceived(listener) removes that listener; offChunkReceived() all.
var t = track('s');
var task = wx.request(t.opts({ url: SERVER + '/stream?chunks=4&interval=40&size=8' }));
var a = 0, b = 0, c = 0;
function la() { a++; task.offChunkReceived(la); }
function lb() { b++; if (b === 2) task.offChunkReceived(); }
function lc() { c++; }
task.onChunkReceived(la);
task.onChunkReceived(lb);
task.onChunkReceived(lc);
t.expect('success', function (res) {
  assertEq(res.data.length, 32);
  assertEq([a, b, c], [1, 2, 2]);
});
