// Downloads params.url to params.out, params.iterations times, the idiomatic way of
// each runtime (Node: stream pipeline to fs; Bun: Bun.write; Deno: pipeTo a file).
// Prints {mib_s (median), runs_mib_s, bytes, proto}.
import { runtime, params, now, median, finish, fail, watchdog } from './common.mjs';

const p = params();
watchdog(600 * 1000);

async function saveBody(res, out) {
  if (runtime === 'bun') {
    await globalThis.Bun.write(out, res);
  } else if (runtime === 'deno') {
    const file = await globalThis.Deno.open(out, { write: true, create: true, truncate: true });
    await res.body.pipeTo(file.writable);
  } else {
    const fs = await import('node:fs');
    const { Readable } = await import('node:stream');
    const { pipeline } = await import('node:stream/promises');
    await pipeline(Readable.fromWeb(res.body), fs.createWriteStream(out));
  }
}

async function fileSize(path) {
  if (runtime === 'deno') return (await globalThis.Deno.stat(path)).size;
  const fs = await import('node:fs/promises');
  return (await fs.stat(path)).size;
}

const runs = [];
let proto = null;
try {
  // Untimed: the transfers then run on a warm keep-alive connection, as a mini program's would.
  if (p.warmUrl) await (await fetch(p.warmUrl)).text();
  for (let i = 0; i < p.iterations; i++) {
    const t0 = now();
    const res = await fetch(p.url);
    if (res.status !== 200) throw new Error(`HTTP status ${res.status}`);
    proto = res.headers.get('x-bench-proto');
    await saveBody(res, p.out);
    const secs = (now() - t0) / 1000;
    const size = await fileSize(p.out);
    if (size !== p.size) throw new Error(`wrote ${size} bytes, expected ${p.size}`);
    runs.push(size / 1048576 / secs);
  }
} catch (e) {
  fail(e && e.cause ? `${e} (${e.cause})` : e);
}
finish({ mib_s: median(runs), runs_mib_s: runs, bytes: p.size, proto });
