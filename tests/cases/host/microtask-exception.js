// An exception in queueMicrotask is reported (exit 1).
// exit: 1
queueMicrotask(function () { throw new Error('micro'); });
setTimeout(pass, 20);
