// console does not throw on odd values; PASS must stay the last stdout line.
var cyc = { a: 1 };
cyc.self = cyc;
console.log('str', 1, true, null, undefined, { a: [1, { b: 'x' }] }, [1, 2], cyc);
console.log(new Uint8Array([1, 2]), new ArrayBuffer(3), new Map([[1, 2]]), new Set([1]), new Date(0), /re/g, Symbol('s'), 10n);
console.log('%s is %d years and %o', 'x', 42, { y: 1 });
console.info('info'); console.debug('debug');
console.warn('warn'); console.error(new Error('an error'));
console.log({ get bad() { throw new Error('getter'); } });
console.assert(true, 'not printed'); console.assert(false, 'printed on stdout');
console.count(); console.count();
console.log(function named() {}, () => 1);
console.log('PASS');
