"""The import benchmark (``manage.py import_resources --benchmark N``): generated records and the
timing of each step, wall and CPU. The timing lives here, not in the import itself: the benchmark
passes its own timed notifier to :func:`~.service.resources_import_file`."""

from __future__ import annotations

import json
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from ..models import RESOURCE_TYPES, Industry, KnowledgeBankPage, Level
from .records import ImportReport, Progress
from .service import resources_import_file, resources_imported_steps


def benchmark_records(*, count: int, field_codes: list[str], prefix: str = "bench") -> list[dict]:
    """Synthetic but realistic records for the import benchmark."""
    types = list(RESOURCE_TYPES)
    industries = list(Industry.objects.values_list("code", flat=True))
    levels = list(Level.objects.values_list("code", flat=True))
    records = []
    for n in range(count):
        resource_type = types[n % len(types)]
        record = {
            "external_id": f"{prefix}-{n:06d}",
            "type": resource_type,
            "title": f"ชุดการเรียนรู้ระบบควบคุมอัตโนมัติ ตอนที่ {n}",
            "title_en": f"Automation control learning set, part {n}",
            "summary": "สื่อการเรียนรู้สำหรับผู้เรียนระดับ ปวส. เรื่องการควบคุมด้วย PLC และเซนเซอร์",
            "body": "ย่อหน้าแรกของเนื้อหา\n\nย่อหน้าที่สองของเนื้อหา",
            "language": ["th", "en"] if n % 3 == 0 else ["th"],
            "field": field_codes[n % len(field_codes)],
            "industries": [industries[n % len(industries)]],
            "levels": [levels[n % len(levels)]],
            "keywords": ["PLC", f"หัวข้อ {n % 50}"],
            "authors": ["สมชาย ใจดี", "Somsak Rakdee"],
            "year": 2018 + n % 8,
            "url": f"https://example.org/resource/{n}",
            "licence": "cc-by",
        }
        if resource_type == "simulator":
            del record["url"]  # an external simulator URL is fetched on publish (files app)
        if resource_type == "employer":
            record["demand"] = [
                {"year": 2025, "position": "ช่างเทคนิค", "headcount": 5, "level": "hvc"}
            ]
        records.append(record)
    return records


@dataclass
class Laps:
    """Named (wall s, CPU s) timings."""

    timings: dict[str, tuple[float, float]] = field(default_factory=dict)

    @staticmethod
    def mark() -> tuple[float, float]:
        return time.perf_counter(), time.process_time()

    def record(self, name: str, since: tuple[float, float]) -> None:
        now = self.mark()
        self.timings[name] = (now[0] - since[0], now[1] - since[1])

    @contextmanager
    def lap(self, name: str) -> Iterator[None]:
        since = self.mark()
        try:
            yield
        finally:
            self.record(name, since)

    def notifier(self):
        """A ``notify`` for the import that times each after-commit step."""

        def notify(*, page_ids: list[int], published: bool) -> None:
            for name, step in resources_imported_steps(page_ids=page_ids, published=published):
                with self.lap(name):
                    step()

        return notify


class _Rollback(Exception):
    pass


@dataclass
class BenchmarkResult:
    report: ImportReport
    again: ImportReport
    steps: Laps
    after_commit: Laps


def benchmark_run(*, path: Path, keep: bool, user, progress: Progress) -> BenchmarkResult:
    """Imports ``path`` and imports it again (all unchanged); rolls back unless ``keep``. Without
    a commit the after-commit work is run (and timed) inside the transaction instead."""
    steps, after_commit = Laps(), Laps()
    notify = after_commit.notifier()
    try:
        with transaction.atomic():
            with steps.lap("validate + write"):
                report = resources_import_file(
                    path=path, user=user, progress=progress, notify=notify
                )
            if report.errors:
                raise ValueError(f"benchmark data invalid: {report.errors[:3]}")
            with steps.lap("re-import (unchanged)"):
                again = resources_import_file(path=path, user=user, notify=notify)
            if not keep:
                notify(page_ids=report.page_ids, published=True)
                raise _Rollback
            # Leaving the block commits and runs the after-commit work (signals, indexing).
            commit_started = steps.mark()
        steps.record("commit + after-commit work", commit_started)
    except _Rollback:
        pass
    return BenchmarkResult(report=report, again=again, steps=steps, after_commit=after_commit)


def benchmark_file(*, count: int) -> tuple[Path, int]:
    """Writes ``count`` generated records into the first ten banks; returns (path, banks)."""
    codes = list(
        KnowledgeBankPage.objects.order_by("path").values_list("field__code", flat=True)[:10]
    )
    if not codes:
        raise LookupError("No knowledge banks: run `manage.py ensure_banks` first.")
    prefix = f"bench-{int(time.time())}"
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as handle:
        for record in benchmark_records(count=count, field_codes=codes, prefix=prefix):
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return Path(handle.name), len(codes)
