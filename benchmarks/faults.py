"""Fault checks against a real production stack (gunicorn, production settings) on this machine:

    .venv/bin/python benchmarks/faults.py --database-url postgres://postgres@127.0.0.1:5441/prod \\
        --pg-cluster "15 prodfault" --media-root /tmp/prod_fault_media

1. the database stops under load (pg_ctlcluster on our own cluster, never the shared one): every
   answer is a 503 page (JSON under /api/), no 500, no traceback in the log, and 200 again on its
   own once it is back, without a restart; nothing written before is lost;
2. Redis stops: pages go on (rendered uncached), /readyz says 503 naming the cache, and all is
   ready again when Redis is back.
Load comes from 4 client threads asking pages that bypass the page cache (a unique query string).
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
PATHS = ("/f64-11/?fault={n}", "/api/v1/resources/?page_size=5&fault={n}")


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:  # noqa: S310
            return answer.status, answer.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")
    except OSError as error:
        return 0, str(error)


class Load:
    def __init__(self, base: str):
        self.base, self.stop, self.n = base, threading.Event(), 0
        self.results: list[tuple[float, str, int, str]] = []
        self.lock = threading.Lock()

    def run(self):
        while not self.stop.is_set():
            with self.lock:
                self.n += 1
                n = self.n
            path = PATHS[n % len(PATHS)].format(n=n)
            status, body = fetch(self.base + path)
            with self.lock:
                self.results.append((time.monotonic(), path, status, body[:4000]))

    def between(self, start: float, end: float):
        return [r for r in self.results if start <= r[0] < end]


def wait_ready(base: str, seconds: float) -> float:
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if fetch(base + "/readyz")[0] == 200:
            return time.monotonic() - started
        time.sleep(0.5)
    raise SystemExit("not ready again in time")


def main() -> None:  # noqa: C901 - one scripted scenario, step by step
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--pg-cluster", required=True, help='e.g. "15 prodfault"')
    parser.add_argument("--media-root", required=True)
    parser.add_argument("--port", type=int, default=8154)
    parser.add_argument("--redis-port", type=int, default=8156)
    parser.add_argument("--outage-seconds", type=float, default=8)
    args = parser.parse_args()
    base = f"http://127.0.0.1:{args.port}"
    log = Path("/tmp") / f"faults-gunicorn-{args.port}.log"  # noqa: S108

    redis_command = [REDIS_SERVER, "--port", str(args.redis_port), "--bind", "127.0.0.1"]
    redis = subprocess.Popen([*redis_command, "--save", ""], stdout=subprocess.DEVNULL)  # noqa: S603
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "intelligent_center.settings.production",
        "SECRET_KEY": secrets.token_hex(40),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": args.database_url,
        "MEDIA_ROOT": args.media_root,
        "REDIS_URL": f"redis://127.0.0.1:{args.redis_port}/0",
        "PORT": str(args.port),
        "WEB_CONCURRENCY": "2",
    }
    gunicorn = [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py"]
    with log.open("w") as log_file:
        web = subprocess.Popen(  # noqa: S603
            [*gunicorn, "intelligent_center.wsgi"], cwd=ROOT, env=env, stderr=log_file
        )
    cluster = args.pg_cluster.split()
    failures: list[str] = []
    try:
        wait_ready(base, 90)
        before_count = fetch(base + "/api/v1/resources/?page_size=1&fault=count")[1]
        load = Load(base)
        threads = [threading.Thread(target=load.run) for _ in range(4)]
        for thread in threads:
            thread.start()
        time.sleep(4)

        # --- 1. the database stops under load, then comes back --------------------------------
        log_mark = log.stat().st_size
        down_at = time.monotonic()
        subprocess.run(["pg_ctlcluster", *cluster, "stop", "-m", "fast"], check=True)  # noqa: S603,S607
        time.sleep(args.outage_seconds)
        subprocess.run(["pg_ctlcluster", *cluster, "start"], check=True)  # noqa: S603,S607
        up_at = time.monotonic()
        recovered_in = wait_ready(base, 60)
        time.sleep(3)
        load.stop.set()
        for thread in threads:
            thread.join()

        during = load.between(down_at + 0.5, up_at)
        after = load.between(up_at + recovered_in + 1, time.monotonic())
        statuses = Counter(status for _, _, status, _ in during)
        print(f"database down {args.outage_seconds}s: answers during the outage {dict(statuses)}")
        if statuses.get(500) or statuses.get(0):
            failures.append(f"500 or dropped connections while the database was down: {statuses}")
        unavailable = [r for r in during if r[2] == 503]
        pages = [r for r in unavailable if not r[1].startswith("/api/")]
        apis = [r for r in unavailable if r[1].startswith("/api/")]
        if not pages or not all("ระบบขัดข้องชั่วคราว" in r[3] for r in pages):
            failures.append("503 page without the bilingual text")
        # The API may go on from the fragment cache (Redis); whatever fails must be JSON.
        if not all('"detail_th"' in r[3] for r in apis):
            failures.append("503 under /api/ is not JSON")
        print(f"  pages: {len(pages)} bilingual 503 pages; API: {len(apis)} JSON 503s")
        log_text = log.read_text()[log_mark:]
        lines = [line for line in log_text.splitlines() if "Service Unavailable" in line]
        print(
            f"  log: {len(lines)} 'Service Unavailable' lines for {len(unavailable)} answers,"
            f" {log_text.count('Traceback')} tracebacks; ready again {recovered_in:.1f}s after"
            f" the database, without a restart"
        )
        if "Traceback" in log_text:
            failures.append("tracebacks in the log during the outage")
        after_statuses = Counter(status for _, _, status, _ in after)
        print(f"  answers after recovery: {dict(after_statuses)}")
        if set(after_statuses) != {200}:
            failures.append(f"not all 200 after recovery: {after_statuses}")
        after_count = fetch(base + "/api/v1/resources/?page_size=1&fault=count2")[1]
        if before_count.split(",")[0] != after_count.split(",")[0]:
            failures.append("resource count changed across the outage")

        # --- 2. Redis stops, then comes back --------------------------------------------------
        redis.terminate()
        redis.wait()
        page_status = fetch(base + "/f64-11/?fault=redis")[0]
        ready_status, ready_body = fetch(base + "/readyz")
        print(f"redis down: page {page_status}, /readyz {ready_status} {ready_body}")
        if (
            page_status != 200
            or ready_status != 503
            or '"cache": "ConnectionError' not in ready_body
        ):
            failures.append("Redis down: pages should go on and /readyz should name the cache")
        redis = subprocess.Popen([*redis_command, "--save", ""], stdout=subprocess.DEVNULL)  # noqa: S603
        print(f"redis back: ready again in {wait_ready(base, 30):.1f}s")
    finally:
        web.terminate()
        web.wait(timeout=60)
        redis.terminate()
        subprocess.run(["pg_ctlcluster", *cluster, "start"], capture_output=True)  # noqa: S603,S607
    if failures:
        print("FAILED:\n- " + "\n- ".join(failures))
        raise SystemExit(1)
    print("all fault checks passed")


if __name__ == "__main__":
    main()
