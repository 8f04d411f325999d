// A busy loop is interrupted at the time limit: exit 124.
// exit: 124
// args: --time-limit 0.5
console.log('PASS');
for (;;) {}
