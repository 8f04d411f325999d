// Uploads params.file as multipart/form-data (field "file") with `fetch` + FormData,
// params.iterations times. Node: fs.openAsBlob (file-backed); Bun: Bun.file
// (file-backed); Deno: the file read into a Blob before the clock starts (Deno has
// no file-backed Blob). Prints {mib_s (median), runs_mib_s, bytes, proto}.
import { runtime, params, now, median, finish, fail, watchdog } from './common.mjs';

const p = params();
watchdog(600 * 1000);

async function fileBlob(path) {
  if (runtime === 'bun') return globalThis.Bun.file(path);
  if (runtime === 'deno') return new Blob([await globalThis.Deno.readFile(path)]);
  const fs = await import('node:fs');
  return fs.openAsBlob(path);
}

const runs = [];
let proto = null;
try {
  // Untimed: the transfers then run on a warm keep-alive connection, as a mini program's would.
  if (p.warmUrl) await (await fetch(p.warmUrl)).text();
  for (let i = 0; i < p.iterations; i++) {
    const blob = await fileBlob(p.file);
    if (blob.size !== p.size) throw new Error(`file has ${blob.size} bytes, expected ${p.size}`);
    const form = new FormData();
    form.append('file', blob, 'upload.bin');
    const t0 = now();
    const res = await fetch(p.url, { method: 'POST', body: form });
    await res.text();
    if (res.status !== 200) throw new Error(`HTTP status ${res.status}`);
    proto = res.headers.get('x-bench-proto');
    runs.push(p.size / 1048576 / ((now() - t0) / 1000));
  }
} catch (e) {
  fail(e && e.cause ? `${e} (${e.cause})` : e);
}
finish({ mib_s: median(runs), runs_mib_s: runs, bytes: p.size, proto });
