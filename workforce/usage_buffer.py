"""Usage events are added up in the web process for a few seconds, then queued as one task.

One task per page view filled the queue faster than the worker could empty it: under load
(600 cached views/s) 46,000 view counts waited in the database queue within two minutes, the
worker's claim query kept PostgreSQL busy, and the external-URL checks and grade sends queued
behind them. Counting in memory first turns that into one task per process every
``USAGE_BUFFER_SECONDS``. What a process holds when it is killed outright (not a graceful
restart: that flushes at exit) is lost: at most those seconds of view counts. While the queue
(the database) is down, the counts stay here and are tried again (up to ``MAX_KEYS`` distinct
pages and visitors; beyond that new ones are dropped rather than filling the memory).
"""

from __future__ import annotations

import atexit
import logging
import threading
from collections import Counter

from django.db import close_old_connections

logger = logging.getLogger("intelligent_center.workforce")

# (day ISO, kind, page_id, document_id, digest or None)
UsageKey = tuple[str, str, int, int, str | None]
MAX_KEYS = 20_000


class UsageBuffer:
    """Counts per key; a timer started by the first event of a batch queues the batch."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: Counter[UsageKey] = Counter()
        self._timer: threading.Timer | None = None
        self._seconds = 5.0

    def add(self, key: UsageKey, *, seconds: float) -> None:
        with self._lock:
            self._seconds = seconds
            if key in self._counts or len(self._counts) < MAX_KEYS:
                self._counts[key] += 1
            self._arm()

    def _arm(self) -> None:
        """Start the timer of the next batch (the lock is held)."""
        if self._timer is None:
            self._timer = threading.Timer(self._seconds, self._flush_from_timer)
            self._timer.daemon = True
            self._timer.start()

    def pending(self) -> int:
        with self._lock:
            return sum(self._counts.values())

    def flush(self) -> int:
        """Queue what is held as one task; returns the number of events it carried."""
        with self._lock:
            counts, self._counts = self._counts, Counter()
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
        if not counts:
            return 0
        try:
            self._queue([[*key, count] for key, count in counts.items()])
        except Exception:
            self._put_back(counts)
            raise
        return sum(counts.values())

    def _put_back(self, counts: Counter) -> None:
        with self._lock:
            for key, count in counts.items():
                if key in self._counts or len(self._counts) < MAX_KEYS:
                    self._counts[key] += count
            self._arm()

    def _queue(self, events: list[list]) -> None:
        from .tasks import usage_events_task

        usage_events_task.enqueue(events=events)

    def _flush_from_timer(self) -> None:
        try:
            self.flush()
        except Exception as exc:  # noqa: BLE001 - the queue is down: kept, tried again later
            logger.warning("usage counts kept for the next try, the queue is down: %s", exc)
        finally:
            close_old_connections()  # this thread's own database connection


usage_buffer = UsageBuffer()
atexit.register(usage_buffer.flush)
