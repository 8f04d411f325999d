// Cold start: one fetch on a new connection, then exit. Self-contained (no imports)
// so only the runtime's own start-up is measured.
const args = globalThis.Deno ? globalThis.Deno.args : process.argv.slice(2);
const url = JSON.parse(args[0]).url;
const res = await fetch(url);
await res.text();
console.log(JSON.stringify({ status: res.status }));
if (globalThis.Deno) globalThis.Deno.exit(0); else process.exit(0);
