#!/usr/bin/env python3
"""Renders minihost benchmark results: the stdout table, docs/PERFORMANCE.md, docs/perf.svg.

    python3 bench/report.py [bench/out/results.json] [--docs]

Standard library only. harness.py imports it; run on its own it re-renders the
table (and with --docs the two documentation files) from an existing results.json.
"""

from __future__ import annotations

import argparse
import html
import json
import sys
from pathlib import Path

# id -> title, unit, whether higher is better, kind ("rate", "transfer", "time", "memory").
WORKLOAD_INFO = {
    "get_c1": {"title": "small HTTPS GET, concurrency 1", "unit": "req/s", "higher_is_better": True, "kind": "rate"},
    "get_c10": {"title": "small HTTPS GET, concurrency 10", "unit": "req/s", "higher_is_better": True, "kind": "rate"},
    "download": {"title": "download to disk", "unit": "MiB/s", "higher_is_better": True, "kind": "transfer"},
    "upload": {"title": "multipart upload", "unit": "MiB/s", "higher_is_better": True, "kind": "transfer"},
    "ws": {"title": "WSS echo, 32 B text, 1 in flight", "unit": "round trips/s", "higher_is_better": True, "kind": "rate"},
    "cold": {"title": "cold start: start, one HTTPS GET, exit", "unit": "ms", "higher_is_better": False, "kind": "time"},
    "rss": {"title": "peak RSS of the one-request run", "unit": "MiB", "higher_is_better": False, "kind": "memory"},
}

CLIENT_LABEL = {
    "raw": "raw Rust",
    "raw-h2": "raw Rust h2",
    "minihost": "minihost wx",
    "minihost-my": "minihost my",
    "node": "Node fetch/ws",
    "bun": "Bun",
    "deno": "Deno",
}

CLIENT_COLOR = {
    "raw": "#6b7280",
    "raw-h2": "#9ca3af",
    "minihost": "#2563eb",
    "minihost-my": "#60a5fa",
    "node": "#16a34a",
    "bun": "#d97706",
    "deno": "#7c3aed",
}

# (id, workload, text, check) — check(cells) -> (ok: bool|None, detail).
TARGETS = [
    ("get_c10_raw", "get_c10", "small GETs c=10: minihost >= 0.8x raw Rust", ("ratio_min", 0.8)),
    ("get_c10_bun", "get_c10", "small GETs c=10: minihost ahead of Bun", ("beats", "bun")),
    ("get_c1_raw", "get_c1", "small GETs c=1: minihost >= 0.8x raw Rust", ("ratio_min", 0.8)),
    ("get_c1_bun", "get_c1", "small GETs c=1: minihost ahead of Bun", ("beats", "bun")),
    ("download_raw", "download", "download: minihost >= 0.9x raw Rust", ("ratio_min", 0.9)),
    ("upload_raw", "upload", "upload: minihost >= 0.9x raw Rust", ("ratio_min", 0.9)),
    ("ws_raw", "ws", "WSS echo: minihost >= 0.9x raw Rust", ("ratio_min", 0.9)),
    ("ws_bun", "ws", "WSS echo: minihost ahead of Bun", ("beats", "bun")),
    ("cold_bun", "cold", "cold start: minihost < half of Bun's", ("fraction_of", "bun", 0.5)),
    ("rss_abs", "rss", "peak RSS of the one-request run: minihost < 16 MiB", ("below", 16.0)),
]


def fmt_num(x: float | None) -> str:
    if x is None:
        return "n/a"
    if x >= 1000:
        return f"{x:,.0f}"
    if x >= 100:
        return f"{x:.0f}"
    if x >= 10:
        return f"{x:.1f}"
    return f"{x:.2f}"


def fmt_value(workload: str, value: float | None) -> str:
    unit = WORKLOAD_INFO[workload]["unit"]
    return f"{fmt_num(value)} {unit}"


def workload_title(w: dict, results: dict) -> str:
    title = w.get("title") or WORKLOAD_INFO[w["id"]]["title"]
    if w["id"] in ("download", "upload"):
        title = f"{results['params']['transfer_mib']} MiB {title}"
    return title


def add_ratios_and_targets(results: dict) -> None:
    """Adds `ratio` (to raw) to every cell and the `targets` list."""
    by_id = {w["id"]: w for w in results["workloads"]}
    for w in results["workloads"]:
        raw = w["clients"].get("raw", {}).get("value")
        for cell in w["clients"].values():
            v = cell.get("value")
            cell["ratio"] = (v / raw) if (v is not None and raw) else None
    targets = []
    for tid, wid, text, rule in TARGETS:
        w = by_id.get(wid)
        status, detail = "n/a", "not measured"
        if w is not None:
            cells = w["clients"]
            mh = cells.get("minihost", {}).get("value")
            kind = rule[0]
            if kind == "ratio_min":
                r = cells.get("minihost", {}).get("ratio")
                if r is not None:
                    status = "PASS" if r >= rule[1] else "MISS"
                    detail = f"{r:.3f}x raw"
            elif kind == "beats":
                other = cells.get(rule[1], {}).get("value")
                if mh is not None and other is not None:
                    status = "PASS" if mh > other else "MISS"
                    detail = f"{mh / other:.3f}x {CLIENT_LABEL[rule[1]]}"
            elif kind == "fraction_of":
                other = cells.get(rule[1], {}).get("value")
                if mh is not None and other is not None:
                    status = "PASS" if mh < rule[2] * other else "MISS"
                    detail = f"{fmt_num(mh)} ms vs {fmt_num(other)} ms ({mh / other:.3f}x)"
            elif kind == "below":
                if mh is not None:
                    status = "PASS" if mh < rule[1] else "MISS"
                    detail = f"{mh:.1f} MiB"
        if status == "n/a" and w is not None:
            # Say which figure is missing and why.
            for who in ("minihost", *[x for x in rule[1:] if isinstance(x, str)]):
                cell = w["clients"].get(who)
                if cell is None:
                    detail = f"{CLIENT_LABEL.get(who, who)} not run"
                    break
                if cell.get("value") is None:
                    detail = f"{CLIENT_LABEL.get(who, who)} n/a: {_short(cell.get('error', ''), 60)}"
                    break
            else:
                if w["clients"].get("raw", {}).get("value") is None:
                    detail = "raw Rust n/a"
        targets.append({"id": tid, "workload": wid, "text": text, "status": status, "detail": detail})
    results["targets"] = targets


def _rows(w: dict, results: dict) -> tuple[list[str], list[list[str]]]:
    info = WORKLOAD_INFO[w["id"]]
    with_lat = w["id"] in ("get_c1", "get_c10", "ws")
    head = ["client", f"{info['unit']} (median)", "min-max", "x raw"]
    if with_lat:
        head += ["p50 us", "p99 us"]
    if info["kind"] in ("rate", "transfer") and w["id"] != "ws":
        head += ["proto"]
    rows = []
    for c in results["clients"]:
        cell = w["clients"].get(c)
        if cell is None:
            continue
        if cell.get("value") is None:
            if cell.get("error") == "-":
                continue
            reason = cell.get("error", "")
            row = [CLIENT_LABEL.get(c, c), "n/a", _short(reason), ""]
            row += [""] * (len(head) - len(row))
            rows.append(row)
            continue
        ratio = cell.get("ratio")
        row = [CLIENT_LABEL.get(c, c), fmt_num(cell["value"]),
               f"{fmt_num(cell['min'])}-{fmt_num(cell['max'])}",
               f"{ratio:.2f}" if ratio is not None else "n/a"]
        if with_lat:
            row += [fmt_num(cell.get("p50_us")), fmt_num(cell.get("p99_us"))]
        if info["kind"] in ("rate", "transfer") and w["id"] != "ws":
            row += [cell.get("proto") or "?"]
        rows.append(row)
    return head, rows


def _short(reason: str, n: int = 70) -> str:
    reason = " ".join(str(reason).split())
    return reason if len(reason) <= n else reason[: n - 3] + "..."


def render_text(results: dict) -> str:
    p = results["params"]
    lines = [
        f"minihost benchmark ({results['mode']}, {results['date']}): {p['rounds']} round(s), "
        f"loops {p['seconds']} s, transfers {p['transfer_mib']} MiB x{p['iterations']}, "
        f"{results['machine'].get('cores')} cores",
        "",
    ]
    for w in results["workloads"]:
        info = WORKLOAD_INFO[w["id"]]
        better = "higher" if info["higher_is_better"] else "lower"
        lines.append(f"== {workload_title(w, results)} ({info['unit']}, {better} is better)")
        head, rows = _rows(w, results)
        widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
        lines.append("  ".join(h.ljust(widths[i]) for i, h in enumerate(head)).rstrip())
        for r in rows:
            lines.append("  ".join(x.ljust(widths[i]) for i, x in enumerate(r)).rstrip())
        lines.append("")
    if results["mode"] == "smoke":
        lines.append("== targets (smoke run: debug builds, tiny durations: NOT meaningful)")
    else:
        lines.append("== targets (minihost, ratios from this run)")
    for t in results.get("targets", []):
        lines.append(f"{t['status']:4}  {t['text']}: {t['detail']}")
    return "\n".join(lines)


def render_markdown_tables(results: dict) -> str:
    out = []
    for w in results["workloads"]:
        info = WORKLOAD_INFO[w["id"]]
        better = "higher" if info["higher_is_better"] else "lower"
        out.append(f"### {workload_title(w, results)} ({info['unit']}, {better} is better)\n")
        head, rows = _rows(w, results)
        out.append("| " + " | ".join(head) + " |")
        out.append("|" + "---|" * len(head))
        for r in rows:
            out.append("| " + " | ".join(x.replace("|", "/") for x in r) + " |")
        out.append("")
    return "\n".join(out)


METHOD = """\
## Method

`bench/run` does everything on a fresh Debian machine (as root): it installs nginx,
hyperfine, GNU time, openssl and python3 with apt (one `apt-get update`, only when
something is missing), installs Bun, Deno and `ws` from the npm registry into
`bench/node_modules` (the npm packages `bun`, `deno`, `ws`; gitignored), builds
`bench/rawclient` and `minihost` in release, then runs `bench/harness.py`.

**Server, the same for every client.** nginx from Debian's packages, 1 worker,
on 127.0.0.1 over HTTPS (TLS 1.2/1.3, HTTP/1.1 and h2 by ALPN, keep-alive), with
a certificate for `bench.minihost.test` and `127.0.0.1` signed by a CA that the
harness makes with openssl. It serves a 107-byte JSON document (`/json`), a 1 MiB
and a 100 MiB file (generated into `bench/out/www`, never committed). Each response
carries `X-Bench-Proto: $server_protocol`, so every client reports the HTTP version
it used (the `proto` column). **Upload sink:** `POST /upload` has
`client_body_buffer_size 128m` and `proxy_pass` with `proxy_pass_request_body
off` to a second nginx server block that answers `{"ok":true}`: nginx reads the
whole request body into memory before it contacts the upstream (the harness's
self-check verifies the logged `$request_length`), and nothing is forwarded, so
every client's upload is read in full, the same way, with no disk I/O on the server.
The WebSocket peer is the minihost devserver's WSS echo (`minihost serve`,
tokio-tungstenite behind rustls), the same for every client.

**Clients.** All load the same data from the same server in the same run.
- *raw Rust* (`bench/rawclient`): reqwest + rustls (ring) on a current-thread
  tokio runtime, tokio-tungstenite: the practical limit of minihost's own stack.
  HTTP/1.1 only (like Node's and Bun's fetch); uploads stream the file as
  multipart with a Content-Length; downloads stream to the file through a 1 MiB
  buffer. *raw Rust h2* is the same client offering h2 by ALPN (so nginx speaks
  h2), shown for reference in the HTTP workloads: the `proto` column tells which
  protocol each client negotiated (Deno's fetch, for one, picks h2), and ratios
  are always to the HTTP/1.1 raw client.
- *minihost wx / my*: `minihost run` of the scripts in `bench/clients/minihost/`
  (`wx.request` / `my.request`, `wx.downloadFile`, `wx.uploadFile`,
  `wx.connectSocket`), with `urlCheck: true`, the domain `bench.minihost.test:PORT`
  in every list, `--resolve bench.minihost.test:PORT:127.0.0.1` and `--ca-cert`.
  The harness writes each script with its parameters as a first line
  (`var PARAMS = {...}`). The socket is opened with `tcpNoDelay: true`, as the
  other clients' are. The upload script first fetches the file into its
  sandbox with `wx.downloadFile` (untimed): a mini program can only upload files
  of its sandbox.
- *Node 20* (`fetch`, and the `ws` package for WebSockets), *Bun* and *Deno*
  (their `fetch` and `WebSocket`): the scripts in `bench/clients/js/`. Downloads
  use each runtime's idiomatic streaming write (Node: `stream.pipeline` into
  `fs.createWriteStream`; Bun: `Bun.write`; Deno: `pipeTo(file.writable)`);
  uploads send `FormData` with a file-backed Blob (Node: `fs.openAsBlob`; Bun:
  `Bun.file`; Deno, which has none: the file read into a Blob before the clock
  starts).

**Workloads.** Small GETs of `/json` in a closed loop for 5 s at concurrency 1 and
10 (requests/s, and p50 / p99 latency of the requests); the 100 MiB file
downloaded to disk (MiB/s; each client run makes an untimed `GET /json` first,
so that the transfers use a warm keep-alive connection as a mini program's
would, then does 3 downloads and reports their median); the 100 MiB file
uploaded as multipart/form-data (MiB/s, likewise); WSS echo round trips of a 32-byte text
message, one in flight, on one connection, for 5 s; cold start of a script that
makes one HTTPS GET and exits (hyperfine median of 10 runs after 1 warm-up);
and the peak RSS of that run (`/usr/bin/time -v`, median of 3).

**Repetition.** 5 rounds. In each round every workload runs every client once, one
after the other (round robin, the starting client rotating from round to round),
so slow drifts of the machine hit every client alike. The figure is the median
over the rounds; min-max is the spread of the rounds. The machine is a shared
VM whose speed can drop by half for seconds at a time (other tenants): a single
5 s loop can land in such a dip, which is why 5 rounds and the median. `x raw` is the ratio to
the raw Rust client's median of the same run (for ms and MiB, lower is better).

`bench/run --smoke` (CI) runs the raw and minihost clients only (debug builds,
which CI's test step has mostly compiled already), 1 round, 1 s loops, 1 MiB
transfers, 3 cold starts, in well under a minute after the build; it exits 1 if
either client cannot produce a figure. Its numbers mean nothing. Other parameters
(`bench/run --rounds 5 --seconds 10 --clients raw,minihost,bun ...`) make a
"custom" run, which leaves the docs alone unless `--docs` is given.
"""


def render_markdown(results: dict) -> str:
    m, v, p = results["machine"], results["versions"], results["params"]
    vers = ", ".join(f"{k} {str(val).removeprefix(k + ' ').split(' (')[0]}" for k, val in v.items() if val)
    lines = [
        "# Performance",
        "",
        "<!-- Generated by bench/report.py from bench/out/results.json: edit the generator, not this file. -->",
        "",
        f"Latest run: {results['date']}, mode `{results['mode']}`, {p['rounds']} round(s), "
        f"profile `{p['profile']}`, {results['duration_s']} s in all.",
        f"Machine: {m.get('cpu')}, {m.get('cores')} cores, {m.get('os')}, Linux {m.get('kernel')}.",
        f"Versions: {vers}.",
        "",
        "Reproduce: `bench/run` (full, ~10-15 min) or `bench/run --smoke` (CI, ~1 min).",
        "",
    ]
    if results["mode"] != "full":
        lines += [
            f"> **Note:** this is a `{results['mode']}` run (parameters above), not the documented full",
            "> run: its figures are indicative only. `bench/run` regenerates this page.",
            "",
        ]
    lines += [
        "## Targets",
        "",
        "| target | result | figure |",
        "|---|---|---|",
    ]
    for t in results.get("targets", []):
        lines.append(f"| {t['text']} | **{t['status']}** | {t['detail']} |")
    lines += ["", "## Results", "", "![chart: each client's figure relative to raw Rust](perf.svg)", "",
              render_markdown_tables(results), METHOD]
    # The hand-written part: where the time goes, per the profiles, and why
    # a missed target is missed. Kept in bench/ANALYSIS.md so a run keeps it.
    analysis = Path(__file__).resolve().parent / "ANALYSIS.md"
    if analysis.is_file():
        lines += ["", analysis.read_text().rstrip()]
    return "\n".join(lines).rstrip() + "\n"


def render_svg(results: dict) -> str:
    """A small bar chart: per workload, each client's figure (bar length relative to raw Rust)."""
    width, left, bar_h, gap = 780, 130, 14, 4
    right = 215
    plot_w = width - left - right
    y = 52
    parts = []
    for w in results["workloads"]:
        info = WORKLOAD_INFO[w["id"]]
        cells = [(c, w["clients"][c]) for c in results["clients"]
                 if c in w["clients"] and w["clients"][c].get("error") != "-"]
        if not cells:
            continue
        better = "higher" if info["higher_is_better"] else "lower"
        parts.append(f'<text x="10" y="{y + 11}" class="h">{html.escape(workload_title(w, results))}'
                     f' ({html.escape(info["unit"])}, {better} is better)</text>')
        y += 18
        # Bars show "goodness" relative to raw Rust: value/raw when higher is better, raw/value otherwise.
        goods = []
        for _, cell in cells:
            r = cell.get("ratio")
            if r:
                goods.append(r if info["higher_is_better"] else 1 / r)
            else:
                goods.append(None)
        top = max([g for g in goods if g] + [1.0])
        raw_x = left + plot_w * (1.0 / top)
        for (c, cell), g in zip(cells, goods):
            color = CLIENT_COLOR.get(c, "#999")
            parts.append(f'<text x="{left - 6}" y="{y + 11}" class="l">{html.escape(CLIENT_LABEL.get(c, c))}</text>')
            if g is None:
                parts.append(f'<text x="{left + 4}" y="{y + 11}" class="v">n/a</text>')
            else:
                bw = max(1.0, plot_w * g / top)
                parts.append(f'<rect x="{left}" y="{y}" width="{bw:.1f}" height="{bar_h}" fill="{color}"/>')
                label = f"{fmt_num(cell['value'])} {info['unit']} ({cell['ratio']:.2f}x raw)"
                parts.append(f'<text x="{left + bw + 4:.1f}" y="{y + 11}" class="v">{html.escape(label)}</text>')
            y += bar_h + gap
        parts.append(f'<line x1="{raw_x:.1f}" y1="{y - len(cells) * (bar_h + gap) - 2}" x2="{raw_x:.1f}" '
                     f'y2="{y}" class="raw"/>')
        y += 12
    title = f"minihost vs raw Rust, Node, Bun, Deno: {results['mode']} run, {results['date']}"
    subtitle = "bar length: the figure relative to raw Rust, longer is better; dashed line: raw Rust"
    height = y + 10
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif">\n'
        "<style>.h{font-size:13px;font-weight:bold;fill:#111}.l{font-size:12px;text-anchor:end;fill:#222}"
        ".v{font-size:11px;fill:#333}.t{font-size:12px;fill:#444}"
        ".raw{stroke:#111;stroke-dasharray:3 3;stroke-width:1}</style>\n"
        f'<rect width="{width}" height="{height}" fill="#fff"/>\n'
        f'<text x="10" y="18" class="h">{html.escape(title)}</text>\n'
        f'<text x="10" y="34" class="t">{html.escape(subtitle)}</text>\n'
        + "\n".join(parts) + "\n</svg>\n"
    )


def write_docs(results: dict, md_path: Path, svg_path: Path) -> None:
    md_path.parent.mkdir(parents=True, exist_ok=True)
    md_path.write_text(render_markdown(results))
    svg_path.write_text(render_svg(results))


def main() -> int:
    bench = Path(__file__).resolve().parent
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("results", nargs="?", default=str(bench / "out" / "results.json"))
    ap.add_argument("--docs", action="store_true", help="also write docs/PERFORMANCE.md and docs/perf.svg")
    args = ap.parse_args()
    try:
        results = json.loads(Path(args.results).read_text())
    except (OSError, ValueError) as e:
        print(f"report: cannot read {args.results}: {e}", file=sys.stderr)
        return 2
    add_ratios_and_targets(results)
    print(render_text(results))
    if args.docs:
        root = bench.parent
        write_docs(results, root / "docs" / "PERFORMANCE.md", root / "docs" / "perf.svg")
    return 0


if __name__ == "__main__":
    sys.exit(main())
