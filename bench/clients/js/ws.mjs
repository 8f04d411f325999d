// WebSocket echo round trips (one message of params.size bytes in flight) for
// params.seconds. Node 20: the `ws` package; Bun and Deno: their global WebSocket.
// Prints {count, seconds, p50_us, p99_us, errors}.
import { runtime, params, now, latencySummary, finish, fail, watchdog } from './common.mjs';

const p = params();
watchdog((p.seconds + 60) * 1000);
const WS = runtime === 'node' ? (await import('ws')).WebSocket : globalThis.WebSocket;
const payload = 'abcdefghijklmnopqrstuvwxyz'.repeat(Math.ceil(p.size / 26)).slice(0, p.size);
const lat = [];
let start = 0;
let end = 0;
let t0 = 0;
let done = false;

const socket = new WS(p.url);
const send = () => {
  t0 = now();
  socket.send(payload);
};
socket.onopen = () => {
  start = now();
  end = start + p.seconds * 1000;
  send();
};
socket.onmessage = (ev) => {
  const len = typeof ev.data === 'string' ? ev.data.length : (ev.data.byteLength ?? ev.data.size);
  if (len !== p.size) fail(`echo of ${len} bytes, sent ${p.size}`);
  lat.push(now() - t0);
  if (now() < end) {
    send();
  } else {
    done = true;
    const seconds = (now() - start) / 1000;
    try { socket.close(1000); } catch (_) { /* closing is best effort */ }
    finish({ ...latencySummary(lat, seconds), errors: 0 });
  }
};
socket.onerror = (ev) => {
  if (!done) fail(`websocket error: ${ev && (ev.message || (ev.error && ev.error.message)) || 'unknown'}`);
};
socket.onclose = (ev) => {
  if (!done) fail(`websocket closed early: ${ev.code} ${ev.reason}`);
};
