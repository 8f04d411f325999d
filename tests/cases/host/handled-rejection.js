// Rejections handled in the same turn (or by await) are not errors.
var p = Promise.reject(new Error('caught later in this turn'));
p.catch(function () {});
async function f() { throw new Error('async'); }
f().catch(function () {});
(async function () {
  try { await f(); } catch (e) { /* handled */ }
})();
setTimeout(pass, 30);
