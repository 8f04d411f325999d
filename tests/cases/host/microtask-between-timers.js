// A microtask queued by a timer runs before the next timer (browser order).
var log = [];
setTimeout(function () {
  log.push('a');
  Promise.resolve().then(function () { log.push('a-micro'); });
}, 0);
setTimeout(function () { log.push('b'); }, 0);
setTimeout(function () {
  assertEq(log, ['a', 'a-micro', 'b']);
  pass();
}, 30);
