"""gunicorn for `make serve` and production (deploy/Procfile). Every knob from the environment.

Defaults suit a 2-core machine: 3 worker processes (2 × cores − 1: the task worker and nginx
need some CPU too) of 4 threads each, so a slow client or a slow query holds one thread, not a
whole process. Requests over GUNICORN_TIMEOUT seconds are killed and the worker replaced.
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    return int(raw) if raw else default


_host = os.environ.get("HOST", "127.0.0.1")
bind = os.environ.get("GUNICORN_BIND") or f"{_host}:{_int('PORT', 8000)}"
workers = _int("WEB_CONCURRENCY", max(2, multiprocessing.cpu_count() * 2 - 1))
worker_class = "gthread"
threads = _int("GUNICORN_THREADS", 4)
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 20)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Replace a worker after this many requests (bounds slow memory growth); 0: never. Off by
# default: under load a recycled worker dropped the connections it held.
max_requests = _int("GUNICORN_MAX_REQUESTS", 0)
max_requests_jitter = max_requests // 10
backlog = _int("GUNICORN_BACKLOG", 2048)
# Import the application once, before forking: a broken configuration stops the start at once.
preload_app = True
# Only our own proxy (nginx on this host) may tell us the client's scheme and address.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# nginx keeps the access log; set GUNICORN_ACCESS_LOG=- to have gunicorn write one too.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# No control socket in $HOME: several instances on one host would share its path.
control_socket_disable = True
