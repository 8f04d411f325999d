// Task methods are always present (both dialects, also on failed tasks);
// off* with an unknown listener does nothing.
var names = ['abort', 'onHeadersReceived', 'offHeadersReceived', 'onChunkReceived', 'offChunkReceived'];
var tasks = [wx.request({ url: 1 }), my.request({}), wx.request({ url: OTHER }), my.request({ url: SERVER + '/json' })];
tasks.forEach(function (task, i) {
  names.forEach(function (n) {
    assert(typeof task[n] === 'function', 'task ' + i + ' ' + n);
  });
  task.offHeadersReceived(function () {});
  task.offChunkReceived(function () {});
  task.offHeadersReceived();
  task.offChunkReceived();
  task.onHeadersReceived('not a function');
});
setTimeout(pass, 100);
