#!/usr/bin/env python3
"""The minihost benchmark harness (run it through bench/run, which installs things first).

Sets up the servers on loopback (nginx over HTTPS with a CA made here, and the
minihost devserver for WSS), runs every workload for every client it can, round
robin over the clients in each round, and writes bench/out/results.json, a table on
stdout, and (full runs) docs/PERFORMANCE.md + docs/perf.svg through report.py.

Standard library only. Every child process runs with a timeout; every loop is bounded.
"""

from __future__ import annotations

import argparse
import atexit
import datetime
import json
import os
import platform
import queue
import re
import shlex
import shutil
import signal
import socket
import ssl
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import report  # noqa: E402  (after the line above on purpose)

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUT = BENCH / "out"
GEN = OUT / "gen"
HOST = "bench.minihost.test"
MIB = 1024 * 1024

# Clients in table order. "raw" is the baseline every ratio refers to.
ALL_CLIENTS = ["raw", "raw-h2", "minihost", "minihost-my", "node", "bun", "deno"]
SMOKE_CLIENTS = ["raw", "minihost", "minihost-my"]
# Variants that take part in some workloads only: the my.request variant of minihost,
# and the raw client offering h2 by ALPN (for reference: a client that negotiates h2
# with nginx can be compared with it as well as with HTTP/1.1 "raw").
ONLY = {"minihost-my": {"get_c1", "get_c10"}, "raw-h2": {"get_c1", "get_c10", "download", "upload"}}
# The binary a variant runs.
BASE = {"minihost-my": "minihost", "raw-h2": "raw"}

WORKLOADS = ["get_c1", "get_c10", "download", "upload", "ws", "cold", "rss"]


def log(msg: str) -> None:
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


class BenchError(Exception):
    """A measurement that could not be made (the cell becomes n/a)."""


# ----------------------------------------------------------------------------
# processes


class Children:
    """Background servers, stopped at exit (also on SIGINT / SIGTERM)."""

    def __init__(self) -> None:
        self.procs: list[subprocess.Popen] = []

    def add(self, proc: subprocess.Popen) -> None:
        self.procs.append(proc)

    def stop_all(self) -> None:
        for proc in reversed(self.procs):
            if proc.poll() is None:
                try:
                    proc.send_signal(signal.SIGTERM)
                except OSError:
                    pass
        deadline = time.monotonic() + 5
        for proc in self.procs:
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=5)
        self.procs.clear()


CHILDREN = Children()
atexit.register(CHILDREN.stop_all)


def _on_signal(signum, _frame):
    CHILDREN.stop_all()
    sys.exit(128 + signum)


signal.signal(signal.SIGTERM, _on_signal)
signal.signal(signal.SIGINT, _on_signal)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port: int, timeout: float, proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise BenchError(f"server exited with code {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise BenchError(f"nothing listens on 127.0.0.1:{port} after {timeout} s")


def run(cmd: list[str], timeout: float, env: dict | None = None, check: bool = True) -> subprocess.CompletedProcess:
    try:
        cp = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env)
    except FileNotFoundError as e:
        raise BenchError(f"{cmd[0]}: not found") from e
    except subprocess.TimeoutExpired as e:
        raise BenchError(f"timed out after {timeout:.0f} s: {shlex.join(cmd)}") from e
    if check and cp.returncode != 0:
        tail = (cp.stderr.strip() or cp.stdout.strip())[-600:]
        raise BenchError(f"exit code {cp.returncode}: {tail}")
    return cp


def version_of(cmd: list[str]) -> str | None:
    try:
        cp = subprocess.run(cmd, capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return None
    text = (cp.stdout.strip() or cp.stderr.strip()).splitlines()
    return text[0].strip() if cp.returncode == 0 and text else None


# ----------------------------------------------------------------------------
# server set-up


def make_certs(cert_dir: Path) -> tuple[Path, Path, Path]:
    """A CA and a server certificate for HOST and 127.0.0.1, made with openssl."""
    cert_dir.mkdir(parents=True, exist_ok=True)
    ca_key, ca_pem = cert_dir / "ca.key", cert_dir / "ca.pem"
    key, csr, crt = cert_dir / "server.key", cert_dir / "server.csr", cert_dir / "server.pem"
    ext = cert_dir / "server.ext"
    if ca_pem.exists() and crt.exists() and key.exists():
        return ca_pem, crt, key
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"]
    run(["openssl", "req", "-x509", "-nodes", *ec, "-keyout", str(ca_key), "-out", str(ca_pem),
         "-days", "3650", "-subj", "/CN=minihost bench CA",
         "-addext", "basicConstraints=critical,CA:TRUE",
         "-addext", "keyUsage=critical,keyCertSign,cRLSign"], timeout=30)
    run(["openssl", "req", "-new", "-nodes", *ec, "-keyout", str(key), "-out", str(csr),
         "-subj", f"/CN={HOST}"], timeout=30)
    ext.write_text(
        "basicConstraints=critical,CA:FALSE\n"
        "keyUsage=critical,digitalSignature\n"
        "extendedKeyUsage=serverAuth\n"
        f"subjectAltName=DNS:{HOST},IP:127.0.0.1\n"
    )
    run(["openssl", "x509", "-req", "-in", str(csr), "-CA", str(ca_pem), "-CAkey", str(ca_key),
         "-CAcreateserial", "-out", str(crt), "-days", "3650", "-extfile", str(ext)], timeout=30)
    return ca_pem, crt, key


def make_data(www: Path, big_mib: int) -> dict[str, int]:
    """The files nginx serves: a ~100-byte JSON document, 1 MiB and `big_mib` MiB files."""
    www.mkdir(parents=True, exist_ok=True)
    small = json.dumps({"id": 42, "name": "minihost bench", "ok": True, "tags": ["a", "b", "c"],
                        "ts": 1700000000, "note": "small json payload"}, separators=(",", ":"))
    (www / "small.json").write_text(small)
    sizes = {"small": len(small)}
    block = bytes(i % 251 for i in range(251)) * (MIB // 251 + 1)
    for name, mib in (("1m.bin", 1), (f"{big_mib}m.bin", big_mib)):
        path = www / name
        if not path.exists() or path.stat().st_size != mib * MIB:
            with open(path, "wb") as f:
                # Bounded: mib iterations of one MiB (byte i = i % 251, repeated per MiB).
                for _ in range(mib):
                    f.write(block[:MIB])
        sizes[name] = mib * MIB
    return sizes


NGINX_CONF = """\
# Generated by bench/harness.py: the benchmark server (loopback only).
worker_processes 1;
daemon off;
master_process on;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
    keepalive_timeout 120s;
    keepalive_requests 10000000;
    client_body_temp_path {prefix}/client_body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    types {{ application/json json; application/octet-stream bin; }}
    default_type application/octet-stream;
    log_format upload '$request_method $uri $status len=$request_length time=$request_time proto=$server_protocol';

    upstream upload_sink {{
        server 127.0.0.1:{sink_port};
        keepalive 4;
    }}

    server {{
        listen 127.0.0.1:{port} ssl{listen_http2};
        {http2_directive}
        server_name {host} 127.0.0.1;
        ssl_certificate {cert};
        ssl_certificate_key {key};
        ssl_protocols TLSv1.2 TLSv1.3;
        ssl_session_cache shared:SSL:1m;
        root {www};
        # Every response says which protocol it came over (clients report it).
        add_header X-Bench-Proto $server_protocol always;

        location = /json {{
            default_type application/json;
            try_files /small.json =404;
        }}
        location /files/ {{
            alias {www}/;
        }}
        # Upload sink: nginx reads the WHOLE request body (into memory: the buffer is
        # larger than the file) before it contacts the upstream, which is this same
        # nginx answering 200; the body itself is not forwarded.
        location = /upload {{
            access_log {prefix}/upload.log upload;
            client_max_body_size 200m;
            client_body_buffer_size 128m;
            proxy_pass_request_body off;
            proxy_set_header Content-Length "";
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_pass http://upload_sink/sink;
        }}
    }}

    server {{
        listen 127.0.0.1:{sink_port};
        location = /sink {{
            default_type application/json;
            return 200 '{{"ok":true}}\\n';
        }}
    }}
}}
"""


class Servers:
    """nginx (HTTPS) and the minihost devserver (WSS), as the benchmark uses them."""

    def __init__(self, big_mib: int, minihost: Path | None) -> None:
        self.big_mib = big_mib
        self.cert_dir = OUT / "certs"
        self.www = OUT / "www"
        self.prefix = OUT / "nginx"
        self.ca, self.cert, self.key = make_certs(self.cert_dir)
        self.sizes = make_data(self.www, big_mib)
        self.port = free_port()
        self.sink_port = free_port()
        self.ws_port: int | None = None
        self.ws_ca: Path | None = None
        self.ws_error: str | None = None
        self._start_nginx()
        self._check_nginx()
        if minihost is not None:
            try:
                self._start_devserver(minihost)
            except BenchError as e:
                self.ws_error = f"devserver: {e}"
                log(f"WSS server unavailable ({e}): the ws column will be n/a")
        else:
            self.ws_error = "no minihost binary (the WSS echo server is `minihost serve`)"
        self.bundle = self.cert_dir / "bundle.pem"
        pems = [self.ca.read_text()]
        if self.ws_ca is not None and self.ws_ca.exists():
            pems.append(self.ws_ca.read_text())
        self.bundle.write_text("\n".join(pems))

    def _start_nginx(self) -> None:
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        if not Path(nginx).exists():
            raise SystemExit("bench: nginx is not installed (bench/run installs it)")
        if self.prefix.exists():
            shutil.rmtree(self.prefix)
        for d in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (self.prefix / d).mkdir(parents=True, exist_ok=True)
        conf = self.prefix / "nginx.conf"
        m = re.search(r"nginx/(\d+)\.(\d+)\.(\d+)",
                      subprocess.run([nginx, "-v"], capture_output=True, text=True, timeout=10).stderr)
        version = tuple(int(x) for x in m.groups()) if m else (0, 0, 0)
        self.nginx_version = ".".join(map(str, version)) if m else "?"
        # nginx >= 1.25.1 has an `http2` directive and deprecates `listen ... http2`.
        new_h2 = version >= (1, 25, 1)
        conf.write_text(NGINX_CONF.format(
            prefix=self.prefix, port=self.port, sink_port=self.sink_port, host=HOST, cert=self.cert,
            key=self.key, www=self.www, listen_http2="" if new_h2 else " http2",
            http2_directive="http2 on;" if new_h2 else "# (http2 is on the listen line)"))
        cmd = [nginx, "-p", str(self.prefix), "-c", str(conf), "-e", str(self.prefix / "error.log")]
        test = subprocess.run([*cmd, "-t"], capture_output=True, text=True, timeout=30)
        if test.returncode != 0:
            raise SystemExit(f"bench: bad nginx config:\n{test.stderr}")
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        CHILDREN.add(proc)
        try:
            wait_port(self.port, 10, proc)
            wait_port(self.sink_port, 10, proc)
        except BenchError as e:
            err = (self.prefix / "error.log").read_text() if (self.prefix / "error.log").exists() else ""
            raise SystemExit(f"bench: nginx did not start: {e}\n{err}")
        log(f"nginx {self.nginx_version} on https://127.0.0.1:{self.port} (1 worker, h1 + h2)")

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"https://{host}:{self.port}{path}"

    def _check_nginx(self) -> None:
        """Checks the server with Python's own TLS client before any client runs."""
        ctx = ssl.create_default_context(cafile=str(self.ca))
        try:
            with urllib.request.urlopen(self.url("/json"), context=ctx, timeout=10) as r:
                body = r.read()
                assert r.status == 200 and json.loads(body)["ok"] is True
                assert r.headers.get("X-Bench-Proto") == "HTTP/1.1"
            with urllib.request.urlopen(self.url("/files/1m.bin"), context=ctx, timeout=10) as r:
                assert len(r.read()) == MIB
            boundary = "pycheck"
            body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.bin\"\r\n\r\n"
                    ).encode() + b"x" * 300000 + f"\r\n--{boundary}--\r\n".encode()
            req = urllib.request.Request(self.url("/upload"), data=body, method="POST", headers={
                "Content-Type": f"multipart/form-data; boundary={boundary}"})
            with urllib.request.urlopen(req, context=ctx, timeout=10) as r:
                assert r.status == 200 and json.loads(r.read())["ok"] is True
            # nginx logs after it answered: wait (bounded) for the line.
            lines: list[str] = []
            for _ in range(50):
                lines = (self.prefix / "upload.log").read_text().strip().splitlines()
                if lines:
                    break
                time.sleep(0.02)
            assert lines, "no upload log line"
            logged = int(re.search(r"len=(\d+)", lines[-1]).group(1))
            assert logged >= len(body), f"nginx read {logged} bytes of {len(body)}: {lines[-1]}"
        except (OSError, AssertionError, ValueError, KeyError, AttributeError) as e:
            raise SystemExit(f"bench: the nginx self-check failed: {e!r}")

    def _start_devserver(self, minihost: Path) -> None:
        cert_dir = OUT / "devcerts"
        cert_dir.mkdir(parents=True, exist_ok=True)
        port = free_port()
        proc = subprocess.Popen([str(minihost), "serve", "--port", str(port), "--cert-dir", str(cert_dir)],
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        CHILDREN.add(proc)
        # A thread drains its stdout for as long as it runs (a full pipe would block it);
        # the first lines say "listening on https://127.0.0.1:<port>" and "ca: <path>".
        lines: queue.Queue[str | None] = queue.Queue()

        def drain(stream) -> None:
            for line in stream:
                lines.put(line)
            lines.put(None)

        threading.Thread(target=drain, args=(proc.stdout,), daemon=True).start()
        deadline = time.monotonic() + 20
        listen_port = None
        ca = None
        for _ in range(10):
            try:
                line = lines.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                break
            if line is None:
                break
            m = re.search(r"listening on https://127\.0\.0\.1:(\d+)", line)
            if m:
                listen_port = int(m.group(1))
            m = re.match(r"\s*ca:\s*(\S.*)$", line)
            if m:
                ca = Path(m.group(1).strip())
            if listen_port and ca:
                break
        if listen_port is None:
            raise BenchError("`minihost serve` did not print its address")
        if ca is None:
            ca = cert_dir / "ca.pem"
        if not ca.exists():
            raise BenchError(f"devserver CA {ca} does not exist")
        wait_port(listen_port, 10, proc)
        self.ws_port, self.ws_ca = listen_port, ca
        log(f"devserver (WSS echo) on 127.0.0.1:{listen_port}")


# ----------------------------------------------------------------------------
# clients


def parse_result(stdout: str) -> dict:
    """The last JSON object printed on stdout."""
    for line in reversed(stdout.strip().splitlines()):
        line = line.strip()
        if line.startswith("{"):
            try:
                obj = json.loads(line)
            except ValueError:
                continue
            if isinstance(obj, dict):
                if "error" in obj:
                    raise BenchError(str(obj["error"])[:600])
                return obj
    raise BenchError(f"no JSON result line in the output: {stdout.strip()[-300:]!r}")


class Clients:
    """How to invoke each client for a workload."""

    def __init__(self, args, servers: Servers, bins: dict[str, Path | None]) -> None:
        self.args = args
        self.srv = servers
        self.raw = bins.get("raw")
        self.minihost = bins.get("minihost")
        self.node = bins.get("node")
        self.bun = bins.get("bun")
        self.deno = bins.get("deno")
        self.node_ws = (BENCH / "node_modules" / "ws").is_dir()
        GEN.mkdir(parents=True, exist_ok=True)
        (OUT / "dl").mkdir(parents=True, exist_ok=True)
        self.env = dict(os.environ)
        self.env.update({
            "NODE_EXTRA_CA_CERTS": str(servers.bundle),
            "DENO_DIR": str(OUT / "deno-cache"),
            "DENO_NO_UPDATE_CHECK": "1",
            "DENO_NO_PROMPT": "1",
            "DO_NOT_TRACK": "1",
            "BUN_RUNTIME_TRANSPILER_CACHE_PATH": "0",
        })
        self._write_minihost_configs()

    # -- minihost -------------------------------------------------------------

    def _write_minihost_configs(self) -> None:
        hosts = [f"{HOST}:{self.srv.port}"]
        socket_hosts = [HOST]
        for dialect, appid in (("wx", "wx6d696e69686f7374"), ("my", "2021000000000001")):
            cfg = {
                "appid": appid,
                "version": "1.0.0",
                "platform": dialect,
                "urlCheck": True,
                "domains": {"request": hosts, "uploadFile": hosts, "downloadFile": hosts,
                            "socket": socket_hosts},
            }
            (GEN / f"minihost-{dialect}.json").write_text(json.dumps(cfg, indent=2) + "\n")

    def _minihost_cmd(self, script: str, params: dict, dialect: str, time_limit: float) -> list[str]:
        assert self.minihost is not None
        src = BENCH / "clients" / "minihost"
        name = f"{dialect}-{script.removesuffix('.js')}-{params.get('tag', 'x')}.js"
        text = ("// Generated by bench/harness.py from bench/clients/minihost/" + script + "\n"
                + "var PARAMS = " + json.dumps(params) + ";\n"
                + (src / "common.js").read_text() + "\n" + (src / script).read_text())
        path = GEN / name
        path.write_text(text)
        cmd = [str(self.minihost), "run", str(path), "--config", str(GEN / f"minihost-{dialect}.json")]
        if script != "ws.js":
            cmd += ["--resolve", f"{HOST}:{self.srv.port}:127.0.0.1", "--ca-cert", str(self.srv.ca)]
        elif self.srv.ws_port is not None and self.srv.ws_ca is not None:
            cmd += ["--resolve", f"{HOST}:{self.srv.ws_port}:127.0.0.1", "--ca-cert", str(self.srv.ws_ca)]
        cmd += ["--time-limit", str(int(time_limit))]
        return cmd

    # -- commands ---------------------------------------------------------------

    def available(self, client: str, workload: str) -> str | None:
        """None when the client can run the workload, else why not."""
        if client in ONLY and workload not in ONLY[client]:
            return "-"
        binary = {"raw": self.raw, "minihost": self.minihost, "node": self.node, "bun": self.bun,
                  "deno": self.deno}[BASE.get(client, client)]
        if binary is None:
            return "not installed / not built"
        if workload == "ws":
            if self.srv.ws_port is None:
                return self.srv.ws_error or "no WSS server"
            if client == "node" and not self.node_ws:
                return "the ws package is not installed"
        return None

    def command(self, client: str, workload: str, tag: str) -> tuple[list[str], float]:
        """The command line that measures `workload` with `client`, and its timeout."""
        if client == "raw-h2":
            cmd, timeout = self.command("raw", workload, tag)
            return [*cmd, "--http2"], timeout
        a, srv = self.args, self.srv
        seconds = a.seconds
        big = a.transfer_mib
        size = big * MIB
        file_name = f"{big}m.bin"
        t_loop = seconds + 60
        t_xfer = 60 + a.iterations * 60
        if workload in ("get_c1", "get_c10"):
            conc = 1 if workload == "get_c1" else 10
            if client == "raw":
                return [str(self.raw), "get", "--url", srv.url("/json"), "--ca", str(srv.ca),
                        "--concurrency", str(conc), "--seconds", str(seconds)], t_loop
            if client in ("minihost", "minihost-my"):
                script, dialect = ("get.js", "wx") if client == "minihost" else ("get-my.js", "my")
                p = {"url": srv.url("/json", HOST), "seconds": seconds, "concurrency": conc, "tag": tag}
                return self._minihost_cmd(script, p, dialect, t_loop), t_loop + 10
            p = {"url": srv.url("/json"), "seconds": seconds, "concurrency": conc}
            return self._js_cmd(client, "get.mjs", p), t_loop
        if workload == "download":
            out = OUT / "dl" / f"{client}.bin"
            if client == "raw":
                return [str(self.raw), "download", "--url", srv.url(f"/files/{file_name}"), "--ca", str(srv.ca),
                        "--out", str(out), "--iterations", str(a.iterations), "--warmup-url", srv.url("/json")], t_xfer
            if client == "minihost":
                p = {"url": srv.url(f"/files/{file_name}", HOST), "size": size, "iterations": a.iterations,
                     "warmUrl": srv.url("/json", HOST), "tag": tag}
                return self._minihost_cmd("download.js", p, "wx", t_xfer), t_xfer + 10
            p = {"url": srv.url(f"/files/{file_name}"), "size": size, "iterations": a.iterations, "out": str(out),
                 "warmUrl": srv.url("/json")}
            return self._js_cmd(client, "download.mjs", p), t_xfer
        if workload == "upload":
            src = srv.www / file_name
            if client == "raw":
                return [str(self.raw), "upload", "--url", srv.url("/upload"), "--ca", str(srv.ca),
                        "--file", str(src), "--iterations", str(a.iterations), "--warmup-url", srv.url("/json")], t_xfer
            if client == "minihost":
                p = {"url": srv.url("/upload", HOST), "sourceUrl": srv.url(f"/files/{file_name}", HOST),
                     "size": size, "iterations": a.iterations, "tag": tag}
                return self._minihost_cmd("upload.js", p, "wx", t_xfer), t_xfer + 10
            p = {"url": srv.url("/upload"), "file": str(src), "size": size, "iterations": a.iterations,
                 "warmUrl": srv.url("/json")}
            return self._js_cmd(client, "upload.mjs", p), t_xfer
        if workload == "ws":
            ws_url = f"wss://127.0.0.1:{srv.ws_port}/ws/echo"
            if client == "raw":
                ws_ca = srv.ws_ca or srv.ca
                return [str(self.raw), "ws", "--url", ws_url, "--ca", str(ws_ca), "--seconds", str(seconds),
                        "--message-size", "32"], t_loop
            if client == "minihost":
                p = {"url": f"wss://{HOST}:{srv.ws_port}/ws/echo", "seconds": seconds, "size": 32, "tag": tag}
                return self._minihost_cmd("ws.js", p, "wx", t_loop), t_loop + 10
            return self._js_cmd(client, "ws.mjs", {"url": ws_url, "seconds": seconds, "size": 32}), t_loop
        if workload in ("cold", "rss"):
            if client == "raw":
                return [str(self.raw), "once", "--url", srv.url("/json"), "--ca", str(srv.ca)], 30
            if client == "minihost":
                return self._minihost_cmd("once.js", {"url": srv.url("/json", HOST), "tag": "once"}, "wx", 30), 40
            return self._js_cmd(client, "once.mjs", {"url": srv.url("/json")}), 30
        raise ValueError(workload)

    def _js_cmd(self, client: str, script: str, params: dict) -> list[str]:
        path = str(BENCH / "clients" / "js" / script)
        arg = json.dumps(params)
        if client == "node":
            return [str(self.node), path, arg]
        if client == "bun":
            return [str(self.bun), path, arg]
        if client == "deno":
            return [str(self.deno), "run", "-A", "--cert", str(self.srv.bundle), path, arg]
        raise ValueError(client)


# ----------------------------------------------------------------------------
# measuring


def run_for_result(cmd: list[str], timeout: float, env: dict) -> dict:
    """Runs a client and returns its JSON result; a failure says why, stderr first."""
    cp = run(cmd, timeout=timeout, env=env, check=False)
    stderr = " ".join(cp.stderr.split())[-400:]
    try:
        res = parse_result(cp.stdout)
    except BenchError as e:
        if cp.returncode != 0:
            raise BenchError(f"exit {cp.returncode}: {stderr or e}") from e
        raise
    if cp.returncode != 0:
        raise BenchError(f"exit {cp.returncode}: {stderr}")
    return res


def measure_loop(clients: Clients, client: str, workload: str, tag: str) -> dict:
    cmd, timeout = clients.command(client, workload, tag)
    res = run_for_result(cmd, timeout, clients.env)
    if workload in ("download", "upload"):
        if not isinstance(res.get("mib_s"), (int, float)) or res["mib_s"] <= 0:
            raise BenchError(f"bad result {res}")
        return {"value": float(res["mib_s"]), "proto": res.get("proto"), "runs": res.get("runs_mib_s")}
    count, secs = res.get("count"), res.get("seconds")
    if not isinstance(count, int) or not isinstance(secs, (int, float)) or count <= 0 or secs <= 0:
        raise BenchError(f"bad result {res}")
    out = {"value": count / secs, "p50_us": res.get("p50_us"), "p99_us": res.get("p99_us"),
           "errors": res.get("errors", 0), "proto": res.get("proto")}
    if res.get("first_error"):
        out["first_error"] = res["first_error"]
    return out


def probe_once(clients: Clients, client: str) -> list[str]:
    """Runs the one-request script once and checks it got a 200; returns its command."""
    cmd, timeout = clients.command(client, "cold", "once")
    res = run_for_result(cmd, timeout, clients.env)
    if res.get("status") != 200:
        raise BenchError(f"one request gave {res}")
    return cmd


def measure_cold(clients: Clients, client: str, runs: int) -> dict:
    cmd = probe_once(clients, client)
    hyperfine = shutil.which("hyperfine")
    if hyperfine:
        export = GEN / f"hyperfine-{client}.json"
        hcmd = [hyperfine, "-N", "--style", "none", "--warmup", "1", "--runs", str(runs),
                "--export-json", str(export), "--command-name", client, shlex.join(cmd)]
        run(hcmd, timeout=60 + runs * 30, env=clients.env)
        data = json.loads(export.read_text())["results"][0]
        times = data["times"]
        return {"value": data["median"] * 1000, "tool": "hyperfine",
                "min_run": min(times) * 1000, "max_run": max(times) * 1000}
    # Fallback without hyperfine: time the runs ourselves.
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        run(cmd, timeout=30, env=clients.env)
        times.append(time.perf_counter() - t0)
    return {"value": statistics.median(times) * 1000, "tool": "python"}


def measure_rss(clients: Clients, client: str, runs: int) -> dict:
    cmd, timeout = clients.command(client, "rss", "once")
    values = []
    gnu_time = Path("/usr/bin/time")
    for _ in range(runs):
        if gnu_time.exists():
            cp = run([str(gnu_time), "-v", *cmd], timeout=timeout, env=clients.env)
            m = re.search(r"Maximum resident set size \(kbytes\):\s*(\d+)", cp.stderr)
            if not m:
                raise BenchError("no RSS in /usr/bin/time -v output")
            values.append(int(m.group(1)) / 1024)
        else:
            proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=clients.env)
            deadline = time.monotonic() + timeout
            while True:
                pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
                if pid:
                    break
                if time.monotonic() > deadline:
                    proc.kill()
                    raise BenchError("timed out")
                time.sleep(0.01)
            values.append(usage.ru_maxrss / 1024)
    return {"value": statistics.median(values), "tool": "/usr/bin/time -v" if gnu_time.exists() else "wait4"}


def measure(clients: Clients, client: str, workload: str, tag: str) -> dict:
    if workload == "cold":
        return measure_cold(clients, client, clients.args.cold_runs)
    if workload == "rss":
        return measure_rss(clients, client, clients.args.rss_runs)
    return measure_loop(clients, client, workload, tag)


def aggregate(samples: list[dict]) -> dict:
    """Median over rounds of each figure."""
    values = [s["value"] for s in samples]
    out = {"value": statistics.median(values), "min": min(values), "max": max(values), "rounds": values}
    for key in ("p50_us", "p99_us", "errors"):
        xs = [s[key] for s in samples if isinstance(s.get(key), (int, float))]
        if xs:
            out[key] = statistics.median(xs) if key != "errors" else sum(xs)
    protos = sorted({s["proto"] for s in samples if s.get("proto")})
    if protos:
        out["proto"] = ",".join(protos)
    errs = [s["first_error"] for s in samples if s.get("first_error")]
    if errs:
        out["first_error"] = errs[0]
    if samples and samples[0].get("tool"):
        out["tool"] = samples[0]["tool"]
    return out


# ----------------------------------------------------------------------------
# main


def find_bins(args) -> dict[str, Path | None]:
    target = ROOT / "target" / args.profile
    bins: dict[str, Path | None] = {}
    for name, path in (("raw", target / "rawclient"), ("minihost", target / "minihost")):
        bins[name] = path if path.exists() and os.access(path, os.X_OK) else None
        # bench/run sets these when the build failed: an old binary must not be measured.
        if os.environ.get(f"BENCH_NO_{name.upper()}"):
            bins[name] = None
    node = shutil.which("node")
    bins["node"] = Path(node) if node else None
    for name in ("bun", "deno"):
        p = BENCH / "node_modules" / ".bin" / name
        bins[name] = p if p.exists() and version_of([str(p), "--version"]) else None
    return bins


def machine_info() -> dict:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        os_name = platform.freedesktop_os_release().get("PRETTY_NAME", "?")
    except (OSError, AttributeError):
        os_name = "?"
    return {"cpu": cpu, "cores": os.cpu_count(), "kernel": platform.release(), "os": os_name}


def is_default_run(args, clients: list[str], workloads: list[str]) -> bool:
    """Whether this is a full run with the documented parameters."""
    return (args.rounds, args.seconds, args.transfer_mib, args.iterations, args.cold_runs, args.rss_runs,
            args.profile, clients, workloads) == (5, 5.0, 100, 3, 10, 3, "release", ALL_CLIENTS, WORKLOADS)


def main() -> int:
    ap = argparse.ArgumentParser(description="minihost benchmark harness (use bench/run)")
    ap.add_argument("--smoke", action="store_true", help="quick CI mode: tiny durations, 1 round, 1 MiB transfers, raw + minihost only")
    ap.add_argument("--rounds", type=int, help="rounds (default 5; smoke 1)")
    ap.add_argument("--seconds", type=float, help="duration of the loop workloads (default 5; smoke 1)")
    ap.add_argument("--transfer-mib", type=int, help="size of the download / upload file (default 100; smoke 1)")
    ap.add_argument("--iterations", type=int, help="transfers per client run, median reported (default 3; smoke 1)")
    ap.add_argument("--cold-runs", type=int, help="hyperfine runs per client per round (default 10; smoke 3)")
    ap.add_argument("--rss-runs", type=int, help="peak-RSS runs per client per round (default 3; smoke 1)")
    ap.add_argument("--clients", help=f"comma list out of {','.join(ALL_CLIENTS)}")
    ap.add_argument("--workloads", help=f"comma list out of {','.join(WORKLOADS)}")
    ap.add_argument("--profile", default=None, help="cargo profile dir of the binaries (default release)")
    ap.add_argument("--docs", dest="docs", action="store_true", default=None, help="regenerate docs/PERFORMANCE.md and docs/perf.svg (default: only a full run with default parameters)")
    ap.add_argument("--no-docs", dest="docs", action="store_false")
    ap.add_argument("--strict", action="store_true", help="exit 1 when a raw or minihost cell is n/a (default in smoke mode)")
    args = ap.parse_args()

    smoke = args.smoke
    args.rounds = max(1, min(args.rounds or (1 if smoke else 5), 50))
    args.seconds = max(0.2, min(args.seconds or (1.0 if smoke else 5.0), 120.0))
    args.transfer_mib = max(1, min(args.transfer_mib or (1 if smoke else 100), 190))
    args.iterations = max(1, min(args.iterations or (1 if smoke else 3), 20))
    args.cold_runs = max(2, min(args.cold_runs or (3 if smoke else 10), 100))
    args.rss_runs = max(1, min(args.rss_runs or (1 if smoke else 3), 20))
    args.profile = args.profile or "release"
    strict = args.strict or smoke
    clients_wanted = args.clients.split(",") if args.clients else (SMOKE_CLIENTS if smoke else ALL_CLIENTS)
    workloads = args.workloads.split(",") if args.workloads else WORKLOADS
    for c in clients_wanted:
        if c not in ALL_CLIENTS:
            ap.error(f"unknown client {c}")
    for w in workloads:
        if w not in WORKLOADS:
            ap.error(f"unknown workload {w}")

    mode = "smoke" if smoke else ("full" if is_default_run(args, clients_wanted, workloads) else "custom")
    # The docs show full runs only, unless asked.
    args.docs = (mode == "full") if args.docs is None else args.docs

    OUT.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    bins = find_bins(args)
    for name in ALL_CLIENTS:
        if name in clients_wanted and name in bins and bins[name] is None:
            log(f"{name}: not available: its figures will be n/a")
    need_big = any(w in workloads for w in ("download", "upload"))
    servers = Servers(args.transfer_mib if need_big else 1, bins.get("minihost"))
    clients = Clients(args, servers, bins)

    # A client whose one-request probe fails is reported n/a everywhere (saves time).
    # (A variant shares its base client's binary and probe.)
    broken: dict[str, str] = {}
    probed: dict[str, str | None] = {}
    for c in clients_wanted:
        key = BASE.get(c, c)
        if key not in probed:
            probed[key] = None
            if clients.available(key, "cold") is None:
                try:
                    probe_once(clients, key)
                except BenchError as e:
                    probed[key] = f"probe (one request) failed: {e}"
                    log(f"{key}: {probed[key]}")
        if probed[key] is not None:
            broken[c] = probed[key]

    samples: dict[str, dict[str, list[dict]]] = {w: {c: [] for c in clients_wanted} for w in workloads}
    errors: dict[str, dict[str, str]] = {w: {} for w in workloads}
    for r in range(args.rounds):
        order = clients_wanted[r % len(clients_wanted):] + clients_wanted[:r % len(clients_wanted)]
        log(f"round {r + 1}/{args.rounds} (order {', '.join(order)})")
        for w in workloads:
            for c in order:
                why = clients.available(c, w)
                if why is None and c in broken:
                    why = broken[c]
                if why is not None:
                    errors[w][c] = why
                    continue
                t0 = time.monotonic()
                try:
                    s = measure(clients, c, w, f"r{r}")
                    samples[w][c].append(s)
                    log(f"  {w:9} {c:12} {report.fmt_value(w, s['value'])} ({time.monotonic() - t0:.1f} s)")
                except BenchError as e:
                    errors[w][c] = str(e)
                    log(f"  {w:9} {c:12} n/a: {e}")

    results = {
        "schema": 1,
        "mode": mode,
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "duration_s": round(time.monotonic() - started, 1),
        "params": {"rounds": args.rounds, "seconds": args.seconds, "transfer_mib": args.transfer_mib,
                   "iterations": args.iterations, "cold_runs": args.cold_runs, "rss_runs": args.rss_runs,
                   "profile": args.profile},
        "machine": machine_info(),
        "versions": {
            "nginx": servers.nginx_version,
            "node": version_of([str(bins["node"]), "--version"]) if bins.get("node") else None,
            "bun": version_of([str(bins["bun"]), "--version"]) if bins.get("bun") else None,
            "deno": version_of([str(bins["deno"]), "--version"]) if bins.get("deno") else None,
            "rustc": version_of(["rustc", "--version"]),
            "minihost": version_of([str(bins["minihost"]), "--version"]) if bins.get("minihost") else None,
        },
        "clients": clients_wanted,
        "workloads": [],
    }
    for w in workloads:
        cells = {}
        for c in clients_wanted:
            if samples[w][c]:
                cells[c] = aggregate(samples[w][c])
                if c in errors[w]:
                    cells[c]["partial_error"] = errors[w][c]
            else:
                cells[c] = {"value": None, "error": errors[w].get(c, "not run")}
        results["workloads"].append({"id": w, **report.WORKLOAD_INFO[w], "clients": cells})
    report.add_ratios_and_targets(results)

    out_json = OUT / "results.json"
    out_json.write_text(json.dumps(results, indent=2) + "\n")
    print(report.render_text(results))
    log(f"results: {out_json}")
    if args.docs:
        report.write_docs(results, ROOT / "docs" / "PERFORMANCE.md", ROOT / "docs" / "perf.svg")
        log("wrote docs/PERFORMANCE.md and docs/perf.svg")

    if strict:
        missing = [f"{w['id']}/{c}" for w in results["workloads"] for c in ("raw", "raw-h2", "minihost", "minihost-my")
                   if c in w["clients"] and w["clients"][c].get("value") is None
                   and w["clients"][c].get("error") != "-"]
        if missing:
            log(f"FAILED: no figure for {', '.join(missing)}")
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
