// Shared helpers of the Node / Bun / Deno benchmark clients.
// Each client script takes one argument: a JSON object of parameters written by
// bench/harness.py, and prints one JSON result line on stdout.

/** Which runtime runs this script: "deno", "bun" or "node". */
export const runtime = globalThis.Deno ? 'deno' : globalThis.Bun ? 'bun' : 'node';

/** The parameters given by the harness (first command-line argument, JSON). */
export function params() {
  const args = runtime === 'deno' ? globalThis.Deno.args : process.argv.slice(2);
  if (args.length < 1) fail('usage: <script> <json-params>');
  return JSON.parse(args[0]);
}

/** Milliseconds, sub-millisecond resolution. */
export const now = () => performance.now();

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Percentile p (0..100) of an ascending array. */
export function percentile(sorted, p) {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(Math.max(rank, 1), sorted.length) - 1];
}

export function median(values) {
  const v = [...values].sort((a, b) => a - b);
  if (v.length === 0) return 0;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

/** {count, seconds, p50_us, p99_us} of latencies in ms. */
export function latencySummary(latMs, seconds) {
  const us = latMs.map((x) => Math.round(x * 1000)).sort((a, b) => a - b);
  return { count: us.length, seconds, p50_us: percentile(us, 50), p99_us: percentile(us, 99) };
}

export function exit(code) {
  if (runtime === 'deno') globalThis.Deno.exit(code);
  process.exit(code);
}

/** Prints the result line and exits. */
export function finish(result) {
  console.log(JSON.stringify(result));
  exit(0);
}

/** Prints an error result line and exits 1. */
export function fail(message) {
  console.log(JSON.stringify({ error: String(message) }));
  exit(1);
}

/** Fails the run if it is still going after `ms` (every run is bounded). */
export function watchdog(ms) {
  const t = setTimeout(() => fail(`watchdog: still running after ${ms} ms`), ms);
  if (t && typeof t.unref === 'function') t.unref();
  else if (runtime === 'deno' && typeof globalThis.Deno.unrefTimer === 'function') globalThis.Deno.unrefTimer(t);
}
