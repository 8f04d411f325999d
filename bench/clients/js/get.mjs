// Small HTTPS GETs with `fetch` for params.seconds at params.concurrency.
// Prints {count, seconds, p50_us, p99_us, errors, first_error, proto}.
import { params, now, sleep, latencySummary, finish, fail, watchdog } from './common.mjs';

const p = params();
watchdog((p.seconds + 60) * 1000);
const lat = [];
let errors = 0;
let firstError = null;
let proto = null;
const start = now();
const end = start + p.seconds * 1000;

async function worker() {
  while (now() < end) {
    const t0 = now();
    try {
      const res = await fetch(p.url);
      await res.json();
      if (res.status !== 200) throw new Error(`HTTP status ${res.status}`);
      lat.push(now() - t0);
      if (proto === null) proto = res.headers.get('x-bench-proto');
    } catch (e) {
      errors++;
      if (firstError === null) firstError = String(e && e.cause ? `${e} (${e.cause})` : e);
      await sleep(10);
    }
  }
}

await Promise.all(Array.from({ length: p.concurrency }, worker));
const seconds = (now() - start) / 1000;
if (lat.length === 0) fail(`no request succeeded: ${firstError}`);
finish({ ...latencySummary(lat, seconds), errors, first_error: firstError, proto });
