"""The import's entry points: validate everything, then write all or nothing.

A failure while writing rolls the database back *and* deletes every file the import had stored
(documents, covers, unpacked simulators), in the same failure path: a rollback does not undo
storage.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from files.storage import recorded_writes_delete, writes_recorded
from intelligent_center.messages import bilingual

from .creating import pages_create
from .documents import ImportAborted, documents_for
from .formats import detect_format, records_read
from .records import ImportRecord, ImportReport, Progress, RecordError
from .validation import existing_pages, records_validate
from .writing import Lookups, pages_update

NotifyStep = tuple[str, Callable[[], None]]


def resources_imported_steps(*, page_ids: list[int], published: bool) -> list[NotifyStep]:
    """What follows an import's commit, step by step (named, so the benchmark can time each):
    the site search indexes the whole import from one signal, listeners get ``page_published``
    for each published page (as Wagtail would send it), and Wagtail's admin search is queued."""
    from wagtail.signals import page_published

    from .. import signals, tasks

    def site_search() -> None:
        signals.resources_imported.send(sender=Page, page_ids=page_ids, published=published)

    def published_signals() -> None:
        for start in range(0, len(page_ids), 500):
            for page in Page.objects.filter(pk__in=page_ids[start : start + 500]).specific():
                page_published.send(sender=type(page), instance=page, revision=page.live_revision)

    steps = [("site search (resources_imported)", site_search)]
    if published:
        steps.append(("page_published signals", published_signals))
    steps.append(
        (
            "Wagtail admin search index",
            lambda: tasks.admin_search_pages_index.enqueue(page_ids=page_ids),
        )
    )
    return steps


def resources_imported_notify(*, page_ids: list[int], published: bool) -> None:
    """After commit: tell listeners about the new pages and queue their indexing."""
    for _name, step in resources_imported_steps(page_ids=page_ids, published=published):
        step()


Notifier = Callable[..., None]


def _write(records, *, publish: bool, user, progress, report: ImportReport, notify: Notifier):
    existing = existing_pages(record.external_id for record in records)
    new = [record for record in records if record.external_id not in existing]
    old = [record for record in records if record.external_id in existing]
    lookups = Lookups.load(records)
    documents = documents_for(records, lookups.fields)
    common = {"lookups": lookups, "documents": documents, "publish": publish, "user": user}
    created = pages_create(records=new, progress=progress, **common)
    updated, unchanged = pages_update(records=old, progress=progress, **common)
    report.created, report.updated, report.unchanged = len(created), len(updated), unchanged
    report.page_ids = created + updated
    if created:
        transaction.on_commit(lambda: notify(page_ids=created, published=publish))


def resources_import(
    *,
    records: list[ImportRecord],
    publish: bool = True,
    user=None,
    progress: Progress | None = None,
    notify: Notifier = resources_imported_notify,
) -> ImportReport:
    """Writes validated records: new pages in bulk, changed pages as new revisions. Atomic; on
    any failure the files it stored are deleted too. A failure the import can explain (a file
    that cannot be stored, a bank gone since validation) is returned as per-line errors."""
    report = ImportReport(total=len(records), published=publish)
    if not records:
        return report
    with writes_recorded() as stored:
        try:
            with transaction.atomic():
                _write(
                    records,
                    publish=publish,
                    user=user,
                    progress=progress,
                    report=report,
                    notify=notify,
                )
        except ImportAborted as aborted:
            recorded_writes_delete(stored)
            report.created = report.updated = report.unchanged = 0
            report.page_ids = []
            report.errors = aborted.errors
        except BaseException:
            recorded_writes_delete(stored)
            raise
    return report


def resources_import_dicts(
    *,
    records: Iterable[dict],
    publish: bool = True,
    user=None,
    base_dir: Path | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Validates and imports records given as dicts (the JSONL format), all or nothing: for
    callers such as fixtures and evaluation commands. Files are read from ``base_dir`` only."""
    rows = [(number, dict(record), "") for number, record in enumerate(records, start=1)]
    valid, errors = records_validate(rows=rows, base_dir=base_dir)
    if errors:
        return ImportReport(total=len(rows), errors=errors, published=publish)
    return resources_import(records=valid, publish=publish, user=user, progress=progress)


def resources_import_file(
    *,
    path: str | Path,
    publish: bool = True,
    dry_run: bool = False,
    user=None,
    allowed_field_codes: set[str] | None = None,
    progress: Progress | None = None,
    file_format: str | None = None,
    notify: Notifier = resources_imported_notify,
) -> ImportReport:
    """Reads, validates, and (unless ``dry_run`` or any error) imports one JSONL or CSV file;
    the files records name are read from the file's own folder only."""
    path = Path(path)
    file_format = file_format or detect_format(path)
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return resources_import_stream(
            stream=stream,
            file_format=file_format,
            base_dir=path.parent,
            publish=publish,
            dry_run=dry_run,
            user=user,
            allowed_field_codes=allowed_field_codes,
            progress=progress,
            notify=notify,
        )


def resources_import_stream(
    *,
    stream: Iterable[str],
    file_format: str,
    base_dir: Path | None,
    publish: bool = True,
    dry_run: bool = False,
    user=None,
    allowed_field_codes: set[str] | None = None,
    progress: Progress | None = None,
    notify: Notifier = resources_imported_notify,
) -> ImportReport:
    """Like :func:`resources_import_file` for text lines; ``base_dir=None`` takes no files."""
    try:
        rows = list(records_read(stream=stream, file_format=file_format))
    except (UnicodeDecodeError, csv.Error) as exc:
        report = ImportReport(dry_run=dry_run, published=publish)
        report.errors.append(
            RecordError(0, "", bilingual(_("The file cannot be read: %(error)s"), error=exc))
        )
        return report
    if progress:
        progress(f"Read {len(rows)} records; validating…")
    records, errors = records_validate(
        rows=rows, base_dir=base_dir, allowed_field_codes=allowed_field_codes
    )
    if errors or dry_run:
        return ImportReport(total=len(rows), errors=errors, dry_run=dry_run, published=publish)
    if progress:
        progress(f"{len(records)} records valid; importing…")
    return resources_import(
        records=records, publish=publish, user=user, progress=progress, notify=notify
    )
