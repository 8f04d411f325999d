// An unhandled rejection: exit 1; the host goes on.
// exit: 1
Promise.reject(new Error('nobody catches this'));
setTimeout(pass, 30);
