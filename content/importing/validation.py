"""Validation of a whole import: every record (see :mod:`.checks`), then what only the whole file
and the database can tell (repeated ids, fields the user may not import into, ids that belong to a
page of another type or field)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from intelligent_center.messages import bilingual

from ..models import RESOURCE_TYPES
from .checks import Vocabulary, record_validate
from .formats import RawRow
from .records import ImportRecord, RecordError
from .sources import import_folder


def existing_pages(external_ids: Iterable[str]) -> dict[str, tuple[str, int, int]]:
    """external_id → (type, page pk, home field pk) over every resource type."""
    ids = list(external_ids)
    found: dict[str, tuple[str, int, int]] = {}
    for key, model in RESOURCE_TYPES.items():
        for start in range(0, len(ids), 5000):
            for external_id, pk, field_id in model.objects.filter(
                external_id__in=ids[start : start + 5000]
            ).values_list("external_id", "pk", "home_field_id"):
                found[external_id] = (key, pk, field_id)
    return found


def _existing_conflict(record: ImportRecord, found: tuple[str, int, int], field_id: int):
    kind, _pk, home_field_id = found
    if kind != record.type:
        return bilingual(
            _("external_id %(id)s already belongs to a %(kind)s, not a %(type)s."),
            id=record.external_id,
            kind=kind,
            type=record.type,
        )
    if home_field_id != field_id:
        return bilingual(
            _(
                "external_id %(id)s belongs to another field's bank; move the page "
                "in the admin instead."
            ),
            id=record.external_id,
        )
    return None


def _existing_conflicts(records: list[ImportRecord], vocabulary: Vocabulary) -> list[RecordError]:
    existing = existing_pages(record.external_id for record in records)
    errors = []
    for record in records:
        if record.external_id in existing:
            problem = _existing_conflict(
                record, existing[record.external_id], vocabulary.fields[record.field]
            )
            if problem:
                errors.append(RecordError(record.line, record.external_id, problem))
    return errors


def records_validate(
    *,
    rows: Iterable[RawRow],
    base_dir: str | Path | None = None,
    allowed_field_codes: set[str] | None = None,
) -> tuple[list[ImportRecord], list[RecordError]]:
    """Validates every record; returns the good records and every error with its line. Files
    are read only from inside ``base_dir`` (no files at all when it is ``None``)."""
    vocabulary = Vocabulary.load()
    folder = import_folder(base_dir)
    records: list[ImportRecord] = []
    errors: list[RecordError] = []
    seen: dict[str, int] = {}
    for number, raw, parse_error in rows:
        if raw is None:
            errors.append(RecordError(number, "", parse_error))
            continue
        record, problems = record_validate(
            number=number, raw=raw, vocabulary=vocabulary, folder=folder
        )
        external_id = str(raw.get("external_id") or "")
        if external_id in seen:
            problems.append(
                bilingual(
                    _("external_id %(id)s is repeated (first on line %(first)s)."),
                    id=external_id,
                    first=seen[external_id],
                )
            )
        elif external_id:
            seen[external_id] = number
        refused = allowed_field_codes is not None and record is not None
        if refused and record.field not in allowed_field_codes:
            problems.append(
                bilingual(_("You may not import into field %(code)s."), code=record.field)
            )
        if problems:
            errors += [RecordError(number, external_id, problem) for problem in problems]
        elif record is not None:
            records.append(record)
    if records:
        errors += _existing_conflicts(records, vocabulary)
    errors.sort(key=lambda error: error.line)
    return records, errors
