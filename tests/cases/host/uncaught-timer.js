// An exception in a timer is reported and gives exit 1; the host goes on.
// exit: 1
setTimeout(function () { throw new Error('boom'); }, 1);
setTimeout(pass, 30);
