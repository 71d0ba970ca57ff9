"""Load benchmark of the production stack (`make serve`) with wrk, 16 connections on loopback.

    .venv/bin/python benchmarks/serve_load.py --base http://127.0.0.1:8150 [--seconds 20]
    .venv/bin/python benchmarks/serve_load.py --slow-checks 3   # while 3 slow URLs are checked

Prints one row per page: requests/s, p50, p99, errors (non-2xx/3xx and socket errors) and the
1-minute load average before and after (the machine is shared: read the figures with it). With
``--slow-checks N`` a local server that answers after ``--slow-seconds`` is started and N external
URL checks of it are queued through the production task queue before each page (`manage.py shell`
under the same settings; the outbound client must allow 127.0.0.1: OUTBOUND_ALLOWED_HOSTS), and
the last column says for what share of that page's run a check was in flight.
"""

from __future__ import annotations

import argparse
import http.server
import json
import os
import re
import select
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
THAI_QUERY = "%E0%B8%AB%E0%B8%B8%E0%B9%88%E0%B8%99%E0%B8%A2%E0%B8%99%E0%B8%95%E0%B9%8C"  # หุ่นยนต์
# Behind nginx the app sees X-Forwarded-Proto: https; wrk sends it as nginx would.
HEADERS = ["-H", "X-Forwarded-Proto: https"]


def pages(base: str) -> dict[str, str]:
    request = urllib.request.Request(  # noqa: S310 (our own http base)
        f"{base}/api/v1/resources/?page_size=1&type=research",
        headers={"X-Forwarded-Proto": "https"},  # else SECURE_SSL_REDIRECT sends us to https
    )
    with urllib.request.urlopen(request) as answer:  # noqa: S310
        item = json.load(answer)["results"][0]
    resource = item["url"]
    resource_path = "/" + resource.split("://", 1)[-1].split("/", 1)[-1]
    return {
        "home /": "/",
        "bank /f64-11/": "/f64-11/",
        f"resource {resource_path}": resource_path,
        "API list page_size=20": "/api/v1/resources/?page_size=20",
        "search หุ่นยนต์": f"/search/?q={THAI_QUERY}",
    }


def wrk(url: str, seconds: int, connections: int) -> dict:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", *HEADERS, url]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))

    def latency(pct: str) -> str:
        return re.search(rf"\s{pct}%\s+([\d.]+\w+)", output).group(1)

    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    errors = int(non_2xx.group(1)) if non_2xx else 0
    errors += sum(int(n) for n in socket.groups()) if socket else 0
    return {"rps": rps, "p50": latency("50"), "p99": latency("99"), "errors": errors}


class SlowHandler(http.server.BaseHTTPRequestHandler):
    """Answers after ``delay`` seconds; ``in_flight`` counts checks whose client still waits
    (one the checker has cut off stops counting at once)."""

    delay = 10.0
    in_flight = 0
    lock = threading.Lock()

    def _client_gone(self) -> bool:
        readable, _, _ = select.select([self.connection], [], [], 0)
        return bool(readable) and self.connection.recv(1, socket.MSG_PEEK) == b""

    def do_GET(self):  # noqa: N802
        with SlowHandler.lock:
            SlowHandler.in_flight += 1
        try:
            deadline = time.monotonic() + self.delay
            while time.monotonic() < deadline:
                if self._client_gone():
                    return
                time.sleep(0.05)
        finally:
            with SlowHandler.lock:
                SlowHandler.in_flight -= 1
        try:
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<html>slow simulator</html>")
        except OSError:
            pass

    do_HEAD = do_GET  # noqa: N815

    def log_message(self, *args):
        pass


def queue_slow_checks(count: int, port: int) -> None:
    code = (
        "from files.tasks import external_embed_check_task as t\n"
        f"for n in range({count}):\n"
        f"    t.enqueue(url=f'http://127.0.0.1:{port}/simulator-{{n}}-{time.time_ns()}')\n"
    )
    honcho = shutil.which("honcho") or str(ROOT / ".venv/bin/honcho")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "intelligent_center.settings.production"}
    subprocess.run(  # noqa: S603
        [honcho, "run", sys.executable, "manage.py", "shell", "-v", "0", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
    )


class InFlightSampler:
    """Samples, twice a second during one wrk run, how many slow checks are in flight."""

    def __init__(self):
        self.samples: list[int] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.wait(0.5):
            self.samples.append(SlowHandler.in_flight)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def summary(self) -> str:
        if not self.samples:
            return "-"
        busy = sum(1 for n in self.samples if n) / len(self.samples)
        return f"{busy:4.0%} of run, max {max(self.samples)}"


def wait_for_checks(seconds: float = 30.0) -> None:
    """Until the worker has begun a check (the queue is read at once when the worker is idle)."""
    deadline = time.monotonic() + seconds
    while SlowHandler.in_flight == 0 and time.monotonic() < deadline:
        time.sleep(0.1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8150")
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--slow-checks", type=int, default=0)
    parser.add_argument("--slow-seconds", type=float, default=12.0)
    parser.add_argument("--slow-port", type=int, default=8153)
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # each row as it is measured, even into a file

    if args.slow_checks:
        SlowHandler.delay = args.slow_seconds
        server = http.server.ThreadingHTTPServer(("127.0.0.1", args.slow_port), SlowHandler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        print(
            f"before each page: {args.slow_checks} checks queued of a server answering after "
            f"{args.slow_seconds}s; 'checks' = share of the run with a check in flight"
        )

    print(
        f"{'page':44} {'req/s':>8} {'p50':>9} {'p99':>9} {'errors':>6}  load before → after"
        + ("   checks" if args.slow_checks else "")
    )
    for label, path in pages(args.base).items():
        url = args.base + path
        if args.slow_checks:
            # Fresh checks for every page, so each page is measured while they run.
            queue_slow_checks(args.slow_checks, args.slow_port)
            wait_for_checks()
        subprocess.run(["wrk", "-t1", "-c2", "-d2s", *HEADERS, url], capture_output=True)  # noqa: S603,S607 warm-up
        before = os.getloadavg()[0]
        with InFlightSampler() as sampler:
            result = wrk(url, args.seconds, args.connections)
        after = os.getloadavg()[0]
        print(
            f"{label[:44]:44} {result['rps']:8.1f} {result['p50']:>9} {result['p99']:>9} "
            f"{result['errors']:6d}  {before:.2f} → {after:.2f}"
            + (f"   {sampler.summary()}" if args.slow_checks else "")
        )


if __name__ == "__main__":
    main()
