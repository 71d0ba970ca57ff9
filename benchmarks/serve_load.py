"""Load benchmark of the production stack (`make serve`) with wrk, 16 connections on loopback.

    .venv/bin/python benchmarks/serve_load.py --base http://127.0.0.1:8150 [--seconds 20]
    .venv/bin/python benchmarks/serve_load.py --slow-checks 3   # while 3 slow URLs are checked

Prints one row per page: requests/s, p50, p99, errors (non-2xx/3xx and socket errors) and the
1-minute load average before and after (the machine is shared: read the figures with it). With
``--slow-checks N`` a local server that answers after ``--slow-seconds`` is started and N external
URL checks of it are queued through the production task queue first (`manage.py shell` under the
same settings; the outbound client must allow 127.0.0.1: OUTBOUND_ALLOWED_HOSTS).
"""

from __future__ import annotations

import argparse
import http.server
import json
import os
import re
import shutil
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
    with urllib.request.urlopen(f"{base}/api/v1/resources/?page_size=1&type=research") as answer:  # noqa: S310
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
    delay = 10.0

    def do_GET(self):  # noqa: N802
        time.sleep(self.delay)
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self.wfile.write(b"<html>slow simulator</html>")

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
        [honcho, "run", sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
    )


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
        queue_slow_checks(args.slow_checks, args.slow_port)
        print(f"queued {args.slow_checks} checks of a server answering after {args.slow_seconds}s")

    print(f"{'page':44} {'req/s':>8} {'p50':>9} {'p99':>9} {'errors':>6}  load before → after")
    for label, path in pages(args.base).items():
        url = args.base + path
        subprocess.run(["wrk", "-t1", "-c2", "-d2s", *HEADERS, url], capture_output=True)  # noqa: S603,S607 warm-up
        before = os.getloadavg()[0]
        result = wrk(url, args.seconds, args.connections)
        after = os.getloadavg()[0]
        print(
            f"{label[:44]:44} {result['rps']:8.1f} {result['p50']:>9} {result['p99']:>9} "
            f"{result['errors']:6d}  {before:.2f} → {after:.2f}"
        )


if __name__ == "__main__":
    main()
