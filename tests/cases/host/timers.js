// Timers: order by deadline then creation, arguments, clearTimeout,
// setInterval until cleared, microtasks before timers.
var log = [];
setTimeout(function (a, b) { log.push('t0 ' + a + b); }, 0, 'x', 'y');
setTimeout(function () { log.push('t0b'); }, 0);
var cleared = setTimeout(function () { log.push('cleared!'); }, 5);
clearTimeout(cleared);
setTimeout(function () { log.push('t20'); }, 20);
setTimeout(function () { log.push('t10'); }, 10);
Promise.resolve().then(function () { log.push('micro'); });
queueMicrotask(function () { log.push('queued micro'); });
var n = 0;
var iv = setInterval(function () {
  n++;
  if (n === 3) clearInterval(iv);
}, 5);
var big = setTimeout(function () { log.push('never'); }, 100000);
clearTimeout(big);
setTimeout(function () {
  assertEq(log, ['micro', 'queued micro', 't0 xy', 't0b', 't10', 't20']);
  assertEq(n, 3);
  assert(typeof iv === 'number' && iv > 0, 'timer ids are numbers');
  pass();
}, 80);
