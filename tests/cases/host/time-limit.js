// The time limit ends a host that would never drain: exit 124.
// exit: 124
// args: --time-limit 0.5
setInterval(function () {}, 50);
console.log('PASS');
