"""Bulk import and export of resources and profiles (JSON Lines or CSV).

The whole file is validated first; any bad record means nothing is imported. New pages are written
in bulk (one insert per table per batch, paths computed once per bank, one revision per page)
because Wagtail's one-page-at-a-time ``add_child`` + ``save_revision`` + ``publish`` is far too slow
for ten thousand records. Existing pages (same ``external_id``) that changed are updated through
Wagtail's ordinary revision + publish path; unchanged ones are skipped, so importing the same file
twice changes nothing.
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import json
import logging
import re
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.validators import URLValidator
from django.db import connection, transaction
from django.db.models import CharField, F, OuterRef, Subquery
from django.db.models.functions import Cast
from django.db.models.sql import InsertQuery
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.models import get_serializable_data_for_fields
from taggit.models import Tag
from wagtail.documents import get_document_model
from wagtail.models import Page, PageLogEntry, Revision

from intelligent_center.messages import bilingual

from .models import (
    LANGUAGE_CHOICES,
    RESOURCE_TYPES,
    FieldOfStudy,
    Industry,
    KnowledgeBankPage,
    Level,
    Licence,
    ManpowerDemand,
    TeachingApproach,
)

logger = logging.getLogger("intelligent_center.content")

Progress = Callable[[str], None]

FORMATS = ("jsonl", "csv")
LIST_SEPARATOR = "|"  # between the items of a list in a CSV cell
COLUMNS = (
    "external_id",
    "type",
    "title",
    "title_en",
    "summary",
    "body",
    "language",
    "field",
    "fields",
    "industries",
    "levels",
    "keywords",
    "authors",
    "year",
    "url",
    "file",
    "licence",
    "demand",
    "details",
)
LIST_COLUMNS = ("language", "fields", "industries", "levels", "keywords", "authors")
REQUIRED = ("external_id", "type", "title", "field")
# Which model field takes the record's ``url`` and ``file`` for each type.
URL_FIELD = {
    "research": "external_url",
    "ebook": "external_url",
    "elearning": "external_url",
    "econtent": "external_url",
    "simulator": "external_url",
    "expert": "website",
    "employer": "website",
}
FILE_FIELD = {"research": "report", "ebook": "book", "simulator": "package"}
FILE_EXTENSIONS = {
    "research": ("pdf", "docx", "odt"),
    "ebook": ("pdf", "epub"),
    "simulator": ("zip",),
}
# Type-specific model fields a record may set under ``details`` (rich-text ones as plain text).
DETAIL_FIELDS = {
    "research": ("abstract", "research_type", "doi"),
    "ebook": ("isbn", "page_count", "publisher", "edition"),
    "elearning": ("video_url", "duration_minutes"),
    "econtent": ("video_url", "duration_minutes"),
    "simulator": ("equipment", "instructions", "is_graded", "max_score"),
    "expert": (
        "organisation",
        "position",
        "expertise",
        "expert_kind",
        "contact_preference",
        "email",
        "phone",
    ),
    "employer": ("business", "province", "size", "origin", "is_dual_partner", "contact"),
}
RICH_TEXT_DETAILS = ("instructions",)
EXTERNAL_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$")
BATCH_SIZE = 250
MAX_ERRORS_SHOWN = 200


# --- Records ---------------------------------------------------------------------------------


@dataclass
class RecordError:
    line: int
    external_id: str
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}"
        if self.external_id:
            where += f" ({self.external_id})"
        return f"{where}: {self.message}"


@dataclass
class ImportRecord:
    """One validated record, normalised (lists are lists, year is an int)."""

    line: int
    external_id: str
    type: str
    title: str
    field: str
    title_en: str = ""
    summary: str = ""
    body: str = ""
    language: list[str] = field(default_factory=lambda: ["th"])
    fields: list[str] = field(default_factory=list)
    industries: list[str] = field(default_factory=list)
    levels: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    year: int | None = None
    url: str = ""
    file: str = ""
    licence: str = Licence.CC_BY
    demand: list[dict] = field(default_factory=list)
    details: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        """The record as written by the exporter (empty values left out)."""
        out: dict = {}
        for name in COLUMNS:
            value = getattr(self, name)
            if value in ("", None, [], {}):
                continue
            out[name] = value
        return out


@dataclass
class ImportReport:
    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RecordError] = field(default_factory=list)
    dry_run: bool = False
    published: bool = True
    page_ids: list[int] = field(default_factory=list)
    # Filled after the commit by :func:`resources_imported_notify`: step → (wall s, CPU s).
    after_commit: dict[str, tuple[float, float]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


# --- Reading ---------------------------------------------------------------------------------


def detect_format(path: str | Path) -> str:
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix in ("jsonl", "ndjson", "json"):
        return "jsonl"
    if suffix == "csv":
        return "csv"
    raise ValueError(
        bilingual(_("Unknown file type %(suffix)s: use .jsonl or .csv"), suffix=suffix or "?")
    )


def _split_list(value: str) -> list[str]:
    return [item.strip() for item in value.split(LIST_SEPARATOR) if item.strip()]


def records_read(
    *, stream: Iterable[str], file_format: str
) -> Iterator[tuple[int, dict | None, str]]:
    """Yields ``(line number, raw record or None, parse error)`` from JSONL or CSV text lines."""
    if file_format == "jsonl":
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            try:
                raw = json.loads(line)
            except json.JSONDecodeError as exc:
                yield number, None, bilingual(_("Not valid JSON: %(error)s"), error=exc.msg)
                continue
            if not isinstance(raw, dict):
                yield number, None, bilingual(_("Each line must be a JSON object."))
                continue
            yield number, raw, ""
        return
    reader = csv.DictReader(stream)
    for row in reader:
        number = reader.line_num
        if None in row:
            yield number, None, bilingual(_("This row has more cells than the header."))
            continue
        raw: dict = {}
        for key, value in row.items():
            value = (value or "").strip()
            if key in LIST_COLUMNS:
                raw[key] = _split_list(value)
            elif key in ("demand", "details") and value:
                try:
                    raw[key] = json.loads(value)
                except json.JSONDecodeError:
                    yield number, None, bilingual(_("The %(name)s cell must be JSON."), name=key)
                    break
            else:
                raw[key] = value
        else:
            yield number, raw, ""


# --- Validation ------------------------------------------------------------------------------


@dataclass
class _Vocabulary:
    fields: dict[str, int]
    industries: dict[str, int]
    levels: dict[str, int]

    @classmethod
    def load(cls) -> _Vocabulary:
        return cls(
            fields={
                code.upper(): pk for code, pk in FieldOfStudy.objects.values_list("code", "pk")
            },
            industries=dict(Industry.objects.values_list("code", "pk")),
            levels=dict(Level.objects.values_list("code", "pk")),
        )


def _as_list(value) -> list[str] | None:
    if value in (None, ""):
        return []
    if isinstance(value, str):
        return [item.strip() for item in re.split(r"[|,;]", value) if item.strip()]
    if isinstance(value, list) and all(isinstance(item, str | int) for item in value):
        return [str(item).strip() for item in value if str(item).strip()]
    return None


def _as_text(value) -> str | None:
    if value is None:
        return ""
    if isinstance(value, str | int | float):
        return str(value).strip()
    return None


_url_validator = URLValidator(schemes=["http", "https"])


def _validate_demand(raw_rows, vocabulary: _Vocabulary, errors: list[str]) -> list[dict]:
    if raw_rows in (None, "", []):
        return []
    if not isinstance(raw_rows, list):
        errors.append(bilingual(_("demand must be a list of rows.")))
        return []
    rows = []
    for index, row in enumerate(raw_rows, start=1):
        if not isinstance(row, dict):
            errors.append(bilingual(_("demand row %(n)s must be an object."), n=index))
            continue
        try:
            year = int(row.get("year"))
            headcount = int(row.get("headcount"))
        except (TypeError, ValueError):
            errors.append(
                bilingual(_("demand row %(n)s needs a numeric year and headcount."), n=index)
            )
            continue
        if not 1950 <= year <= 2200 or headcount < 0:
            errors.append(
                bilingual(
                    _("demand row %(n)s: year must be Gregorian (A.D.) and headcount positive."),
                    n=index,
                )
            )
            continue
        level = str(row.get("level") or "")
        if level and level not in vocabulary.levels:
            errors.append(
                bilingual(_("demand row %(n)s: unknown level %(level)s."), n=index, level=level)
            )
            continue
        position = str(row.get("position") or "").strip()
        if not position:
            errors.append(bilingual(_("demand row %(n)s needs a position."), n=index))
            continue
        rows.append(
            {
                "year": year,
                "position": position,
                "headcount": headcount,
                "level": level,
                "competencies": str(row.get("competencies") or "").strip(),
            }
        )
    return rows


def _json_value(value):
    """Model values as JSON-friendly, comparable values (Decimal → int or float)."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def details_defaults(resource_type: str) -> dict:
    model = RESOURCE_TYPES[resource_type]
    out = {}
    for name in DETAIL_FIELDS.get(resource_type, ()):
        default = model._meta.get_field(name).get_default()
        out[name] = _json_value(default)
    return out


def _details_compact(details: dict) -> dict:
    return {name: value for name, value in details.items() if value not in ("", None)}


def _validate_details(raw_details, resource_type: str, errors: list[str]) -> dict:
    if raw_details in (None, "", {}):
        raw_details = {}
    if not isinstance(raw_details, dict):
        errors.append(bilingual(_("details must be an object.")))
        return {}
    if resource_type not in RESOURCE_TYPES:
        return {}
    allowed = DETAIL_FIELDS.get(resource_type, ())
    unknown = sorted(set(raw_details) - set(allowed))
    if unknown:
        errors.append(
            bilingual(
                _("Unknown details for %(type)s: %(names)s (allowed: %(allowed)s)."),
                type=resource_type,
                names=", ".join(unknown),
                allowed=", ".join(allowed) or "-",
            )
        )
        return {}
    model = RESOURCE_TYPES[resource_type]
    details = details_defaults(resource_type)
    for name, value in raw_details.items():
        model_field = model._meta.get_field(name)
        if value is None or value == "":
            continue
        if name in RICH_TEXT_DETAILS:
            details[name] = str(value).strip()
            continue
        try:
            details[name] = _json_value(model_field.clean(value, None))
        except ValidationError as exc:
            errors.append(
                bilingual(
                    _("details.%(name)s: %(problem)s"),
                    name=name,
                    problem="; ".join(str(m) for m in exc.messages),
                )
            )
    if details.get("is_graded") and not details.get("max_score"):
        errors.append(bilingual(_("A graded simulator needs details.max_score.")))
    return details


def record_validate(
    *, number: int, raw: dict, vocabulary: _Vocabulary, base_dir: Path | None
) -> tuple[ImportRecord | None, list[str]]:
    """Checks one raw record; returns the normalised record or the list of what is wrong."""
    errors: list[str] = []
    unknown = sorted(set(raw) - set(COLUMNS))
    if unknown:
        errors.append(bilingual(_("Unknown column(s): %(names)s"), names=", ".join(unknown)))
    text: dict[str, str] = {}
    for name in (
        "external_id",
        "type",
        "title",
        "title_en",
        "summary",
        "body",
        "field",
        "url",
        "file",
        "licence",
    ):
        value = _as_text(raw.get(name))
        if value is None:
            errors.append(bilingual(_("%(name)s must be text."), name=name))
            value = ""
        text[name] = value
    for name in REQUIRED:
        if not text[name]:
            errors.append(bilingual(_("%(name)s is required."), name=name))
    if text["external_id"] and not EXTERNAL_ID_RE.match(text["external_id"]):
        errors.append(
            bilingual(
                _(
                    "external_id may use only letters, digits, '.', '_', ':' and '-' "
                    "(at most 128 characters)."
                )
            )
        )
    resource_type = text["type"].lower()
    if text["type"] and resource_type not in RESOURCE_TYPES:
        errors.append(
            bilingual(
                _("Unknown type %(type)s: use one of %(types)s."),
                type=text["type"],
                types=", ".join(RESOURCE_TYPES),
            )
        )
    if len(text["title"]) > 255 or len(text["title_en"]) > 255:
        errors.append(bilingual(_("The title is longer than 255 characters.")))
    field_code = text["field"].upper()
    if field_code and field_code not in vocabulary.fields:
        errors.append(bilingual(_("Unknown field code %(code)s."), code=text["field"]))
    lists: dict[str, list[str]] = {}
    for name in LIST_COLUMNS:
        value = _as_list(raw.get(name))
        if value is None:
            errors.append(bilingual(_("%(name)s must be a list of texts."), name=name))
            value = []
        lists[name] = value
    languages = [code.lower() for code in lists["language"]] or ["th"]
    known_languages = [code for code, _label in LANGUAGE_CHOICES]
    bad_languages = [code for code in languages if code not in known_languages]
    if bad_languages:
        errors.append(
            bilingual(
                _("Unknown language %(codes)s: use th or en."), codes=", ".join(bad_languages)
            )
        )
    other_fields = [code.upper() for code in lists["fields"]]
    for code in other_fields:
        if code not in vocabulary.fields:
            errors.append(bilingual(_("Unknown field code %(code)s in fields."), code=code))
    for name, known in (("industries", vocabulary.industries), ("levels", vocabulary.levels)):
        for code in lists[name]:
            if code not in known:
                errors.append(
                    bilingual(_("Unknown code %(code)s in %(name)s."), code=code, name=name)
                )
    for keyword in lists["keywords"]:
        if len(keyword) > 100:
            errors.append(bilingual(_("A keyword is longer than 100 characters.")))
    year = None
    raw_year = raw.get("year")
    if raw_year not in (None, ""):
        try:
            year = int(str(raw_year).strip())
        except ValueError:
            errors.append(bilingual(_("year must be a number.")))
        else:
            if year > 2400:
                errors.append(
                    bilingual(
                        _(
                            "year %(year)s looks like a Buddhist-era year: give the Gregorian "
                            "year (A.D.), e.g. %(gregorian)s."
                        ),
                        year=year,
                        gregorian=year - 543,
                    )
                )
            elif year < 1900:
                errors.append(bilingual(_("year %(year)s is too early."), year=year))
    licence = text["licence"].lower() or Licence.CC_BY
    if licence not in Licence.values:
        errors.append(
            bilingual(
                _("Unknown licence %(licence)s: use one of %(choices)s."),
                licence=text["licence"],
                choices=", ".join(Licence.values),
            )
        )
    if text["url"]:
        try:
            _url_validator(text["url"])
        except ValidationError:
            errors.append(bilingual(_("url is not a valid http(s) address.")))
    file_path = ""
    if text["file"]:
        if resource_type in RESOURCE_TYPES and resource_type not in FILE_FIELD:
            errors.append(
                bilingual(_("A %(type)s record cannot carry a file."), type=resource_type)
            )
        else:
            path = Path(text["file"])
            if not path.is_absolute() and base_dir is not None:
                path = base_dir / path
            extension = path.suffix.lower().lstrip(".")
            allowed = FILE_EXTENSIONS.get(resource_type, ())
            if not path.is_file():
                errors.append(bilingual(_("file not found: %(path)s"), path=text["file"]))
            elif allowed and extension not in allowed:
                errors.append(
                    bilingual(
                        _("A %(type)s file must be one of: %(extensions)s."),
                        type=resource_type,
                        extensions=", ".join(allowed),
                    )
                )
            elif extension not in settings.WAGTAILDOCS_EXTENSIONS:
                errors.append(bilingual(_("This file type is not accepted.")))
            else:
                # Check the real type now, so a bad file fails the whole import before any file
                # is stored (and --dry-run reports it).
                errors += _file_problems(path)
            file_path = str(path.resolve())
    demand = _validate_demand(raw.get("demand"), vocabulary, errors)
    details = _validate_details(raw.get("details"), resource_type, errors)
    if demand and resource_type != "employer":
        errors.append(bilingual(_("Only employer records have demand rows.")))
    if errors:
        return None, errors
    return (
        ImportRecord(
            line=number,
            external_id=text["external_id"],
            type=resource_type,
            title=text["title"],
            field=field_code,
            title_en=text["title_en"],
            summary=text["summary"],
            body=text["body"],
            language=languages,
            fields=[code for code in other_fields if code != field_code],
            industries=lists["industries"],
            levels=lists["levels"],
            keywords=list(dict.fromkeys(lists["keywords"])),
            authors=lists["authors"],
            year=year,
            url=text["url"],
            file=file_path,
            licence=licence,
            demand=demand,
            details=_details_compact(details),
        ),
        [],
    )


def _existing_pages(external_ids: Iterable[str]) -> dict[str, tuple[str, int, int]]:
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


def records_validate(
    *,
    rows: Iterable[tuple[int, dict | None, str]],
    base_dir: Path | None = None,
    allowed_field_codes: set[str] | None = None,
) -> tuple[list[ImportRecord], list[RecordError]]:
    """Validates every record; returns the good records and every error with its line."""
    vocabulary = _Vocabulary.load()
    records: list[ImportRecord] = []
    errors: list[RecordError] = []
    seen: dict[str, int] = {}
    for number, raw, parse_error in rows:
        if raw is None:
            errors.append(RecordError(number, "", parse_error))
            continue
        record, problems = record_validate(
            number=number, raw=raw, vocabulary=vocabulary, base_dir=base_dir
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
        if (
            record is not None
            and allowed_field_codes is not None
            and record.field not in allowed_field_codes
        ):
            problems.append(
                bilingual(
                    _("You may not import into field %(code)s."),
                    code=record.field,
                )
            )
        if problems:
            errors += [RecordError(number, external_id, problem) for problem in problems]
        elif record is not None:
            records.append(record)
    if not records:
        return records, errors
    existing = _existing_pages(record.external_id for record in records)
    field_ids = vocabulary.fields
    for record in records:
        if record.external_id not in existing:
            continue
        kind, _pk, home_field_id = existing[record.external_id]
        if kind != record.type:
            errors.append(
                RecordError(
                    record.line,
                    record.external_id,
                    bilingual(
                        _("external_id %(id)s already belongs to a %(kind)s, not a %(type)s."),
                        id=record.external_id,
                        kind=kind,
                        type=record.type,
                    ),
                )
            )
        elif home_field_id != field_ids[record.field]:
            errors.append(
                RecordError(
                    record.line,
                    record.external_id,
                    bilingual(
                        _(
                            "external_id %(id)s belongs to another field's bank; move the page "
                            "in the admin instead."
                        ),
                        id=record.external_id,
                    ),
                )
            )
    errors.sort(key=lambda error: error.line)
    return records, errors


# --- Writing ---------------------------------------------------------------------------------


def body_to_richtext(text: str) -> str:
    """Plain text → rich text: blank lines separate paragraphs, single newlines become <br/>."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    return "".join(
        "<p>" + "<br/>".join(html.escape(line) for line in p.splitlines()) + "</p>"
        for p in paragraphs
    )


def richtext_to_body(value: str) -> str:
    """Rich text → the plain text of the import format (inverse of :func:`body_to_richtext`)."""
    if not value:
        return ""
    value = re.sub(r"<br\s*/?>", "\n", value)
    value = re.sub(r"</(p|h[1-6]|li|blockquote)>", "\n\n", value)
    text = html.unescape(strip_tags(value))
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "\n\n".join(paragraphs)


def _file_sha1(path: str) -> str:
    digest = hashlib.sha1()  # noqa: S324 (content hash like Wagtail's file_hash, not security)
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _file_problems(path: Path) -> list[str]:
    from files import services as files_services

    try:
        files_services.document_validate_path(path=path)
    except ValidationError as error:
        return [" ".join(error.messages)]
    return []


def document_from_path(*, path: str | Path, collection, title: str):
    """The one place a file on disk becomes a Wagtail document (reused when the same file is
    already in the collection). The files app wraps this with validation and text extraction."""
    from files import services as files_services  # validation + synchronous text extraction

    Document = get_document_model()
    path = Path(path)
    files_services.document_validate_path(path=path)  # ValidationError fails the import
    file_hash = _file_sha1(str(path))
    existing = Document.objects.filter(collection=collection, file_hash=file_hash).first()
    if existing is not None:
        files_services.document_process(document=existing, raise_errors=True)
        return existing
    with path.open("rb") as handle:
        document = Document(title=title[:255], collection=collection)
        document.file.save(path.name, File(handle), save=False)
        document.file_size = path.stat().st_size
        document.file_hash = file_hash
        document._ic_skip_processing = True  # extracted here, before the import returns
        document.save()
    files_services.document_process(document=document, raise_errors=True)
    return document


@dataclass
class _Lookups:
    fields: dict[str, FieldOfStudy]
    industries: dict[str, Industry]
    levels: dict[str, Level]
    banks: dict[int, KnowledgeBankPage]
    tags: dict[str, Tag]

    @classmethod
    def load(cls, records: list[ImportRecord]) -> _Lookups:
        fields = {f.code.upper(): f for f in FieldOfStudy.objects.all()}
        field_ids = {fields[r.field].pk for r in records}
        banks = {b.field_id: b for b in KnowledgeBankPage.objects.filter(field_id__in=field_ids)}
        return cls(
            fields=fields,
            industries={i.code: i for i in Industry.objects.all()},
            levels={level.code: level for level in Level.objects.all()},
            banks=banks,
            tags=_tags_ensure({name for r in records for name in r.keywords}),
        )


def _tags_ensure(names: set[str]) -> dict[str, Tag]:
    """Every keyword as a taggit Tag, creating the missing ones in bulk with unique slugs."""
    if not names:
        return {}
    tags = {tag.name: tag for tag in Tag.objects.filter(name__in=names)}
    missing = sorted(names - set(tags))
    if missing:
        taken = set(Tag.objects.values_list("slug", flat=True))
        new = []
        for name in missing:
            base = slugify(name, allow_unicode=True)[:90] or "tag"
            slug, n = base, 1
            while slug in taken:
                n += 1
                slug = f"{base}-{n}"
            taken.add(slug)
            new.append(Tag(name=name, slug=slug))
        Tag.objects.bulk_create(new, batch_size=BATCH_SIZE)
        tags.update({tag.name: tag for tag in Tag.objects.filter(name__in=missing)})
    return tags


def _apply_record(page, record: ImportRecord, lookups: _Lookups, documents: dict) -> None:
    """Copies a record's scalar values onto a (new or existing) page instance."""
    page.title = record.title
    page.draft_title = record.title
    page.title_en = record.title_en
    page.summary = record.summary
    page.body = body_to_richtext(record.body)
    page.languages = list(record.language)
    page.home_field = lookups.fields[record.field]
    page.authors = "\n".join(record.authors)
    page.year = record.year
    page.licence = record.licence
    page.external_id = record.external_id
    setattr(page, URL_FIELD[record.type], record.url)
    if record.type in FILE_FIELD:
        setattr(page, f"{FILE_FIELD[record.type]}_id", documents.get(record.file))
    if not page.search_description:
        page.search_description = record.summary[:300]
    details = {**details_defaults(record.type), **record.details}
    for name, value in details.items():
        if name in RICH_TEXT_DETAILS:
            value = body_to_richtext(value or "")
        setattr(page, name, value)


def _m2m_objects(record: ImportRecord, lookups: _Lookups) -> dict[str, list]:
    return {
        "other_fields": [lookups.fields[code] for code in record.fields],
        "industries": [lookups.industries[code] for code in record.industries],
        "levels": [lookups.levels[code] for code in record.levels],
    }


def _m2m_values(record: ImportRecord, lookups: _Lookups) -> dict[str, list[int]]:
    return {name: [obj.pk for obj in objs] for name, objs in _m2m_objects(record, lookups).items()}


def _documents_for(records: list[ImportRecord], lookups: _Lookups) -> dict[str, int]:
    from .services import field_collection_ensure

    documents: dict[str, int] = {}
    for record in records:
        if record.file and record.file not in documents:
            collection = field_collection_ensure(field_of_study=lookups.fields[record.field])
            document = document_from_path(
                path=record.file, collection=collection, title=Path(record.file).stem
            )
            documents[record.file] = document.pk
    return documents


def _insert_rows(model, objs: list, fields: list, *, returning: bool = False) -> list[int]:
    """INSERT the given fields of ``objs`` into ``model``'s own table, in batches (Django's
    ``bulk_create`` refuses multi-table models, and Wagtail pages are multi-table)."""
    ids: list[int] = []
    returning_fields = [model._meta.pk] if returning else None
    for start in range(0, len(objs), BATCH_SIZE):
        query = InsertQuery(model)
        query.insert_values(fields, objs[start : start + BATCH_SIZE])
        rows = query.get_compiler(connection=connection).execute_sql(
            returning_fields=returning_fields
        )
        if returning:
            ids += [row[0] for row in rows]
    if returning and len(ids) != len(objs):
        raise RuntimeError("The database did not return the new page ids.")
    return ids


def _revisions_link(*, page_ids: list[int], content_type, publish: bool) -> None:
    """Points the new pages at their (only) revision with one UPDATE per batch."""
    latest = (
        Revision.objects.filter(
            base_content_type=content_type, object_id=Cast(OuterRef("pk"), CharField())
        )
        .order_by("-pk")
        .values("pk")[:1]
    )
    for start in range(0, len(page_ids), 1000):
        pages = Page.objects.filter(pk__in=page_ids[start : start + 1000])
        pages.update(latest_revision=Subquery(latest))
        if publish:
            pages.update(live_revision=F("latest_revision"))


def _unique_slug(base: str, taken: set[str]) -> str:
    base = (slugify(base, allow_unicode=True) or "resource")[:240]
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    taken.add(slug)
    return slug


def _revision_content(page, m2m: dict[str, list[int]], tag_ids: list[int], demand: list) -> dict:
    content = get_serializable_data_for_fields(page)
    content.update(m2m)
    content["units_of_competency"] = []
    if hasattr(page, "mou_colleges"):
        content["mou_colleges"] = []
    content["tagged_items"] = [
        {"pk": None, "tag": tag_id, "content_object": page.pk} for tag_id in tag_ids
    ]
    if hasattr(page, "manpower_demands"):
        content["manpower_demands"] = [
            {
                "pk": None,
                "employer": page.pk,
                "sort_order": index,
                "year": row["year"],
                "position": row["position"],
                "headcount": row["headcount"],
                "level": row["level_id"],
                "competencies": row["competencies"],
            }
            for index, row in enumerate(demand)
        ]
    content["comments"] = []
    return content


def _demand_rows(record: ImportRecord, lookups: _Lookups) -> list[dict]:
    return [
        {**row, "level_id": lookups.levels[row["level"]].pk if row["level"] else None}
        for row in record.demand
    ]


def _pages_create(
    *,
    records: list[ImportRecord],
    lookups: _Lookups,
    documents: dict[str, int],
    publish: bool,
    user,
    progress: Progress | None,
) -> list[int]:
    """Creates new pages in bulk under their field's bank."""
    now = timezone.now()
    page_content_type = ContentType.objects.get_for_model(Page)
    by_bank: dict[int, list[ImportRecord]] = defaultdict(list)
    for record in records:
        by_bank[lookups.fields[record.field].pk].append(record)
    created_ids: list[int] = []
    done = 0
    for field_id, bank_records in by_bank.items():
        bank = Page.objects.select_for_update().get(pk=lookups.banks[field_id].pk)
        last_child = (
            Page.objects.filter(path__startswith=bank.path, depth=bank.depth + 1)
            .order_by("-path")
            .first()
        )
        step = Page._str2int(last_child.path[-Page.steplen :]) if last_child else 0
        taken_slugs = set(
            Page.objects.filter(path__startswith=bank.path, depth=bank.depth + 1).values_list(
                "slug", flat=True
            )
        )
        for start in range(0, len(bank_records), BATCH_SIZE * 4):
            chunk = bank_records[start : start + BATCH_SIZE * 4]
            pages = []
            for record in chunk:
                model = RESOURCE_TYPES[record.type]
                step += 1
                page = model(
                    content_type=ContentType.objects.get_for_model(model),
                    path=Page._get_path(bank.path, bank.depth + 1, step),
                    depth=bank.depth + 1,
                    numchild=0,
                    locale_id=bank.locale_id,
                    translation_key=uuid.uuid4(),
                    live=publish,
                    has_unpublished_changes=not publish,
                    first_published_at=now if publish else None,
                    last_published_at=now if publish else None,
                    latest_revision_created_at=now,
                    owner=user,
                )
                _apply_record(page, record, lookups, documents)
                page.slug = _unique_slug(record.external_id, taken_slugs)
                page.url_path = f"{bank.url_path}{page.slug}/"
                pages.append(page)
            page_ids = _insert_rows(
                Page,
                pages,
                [f for f in Page._meta.concrete_fields if not f.primary_key],
                returning=True,
            )
            by_model: dict[type, list] = defaultdict(list)
            for page, pk in zip(pages, page_ids, strict=True):
                page.pk = page.page_ptr_id = pk
                page._state.adding = False
                by_model[type(page)].append(page)
            for model, model_pages in by_model.items():
                _insert_rows(model, model_pages, list(model._meta.local_concrete_fields))
            _relations_create(pages=pages, records=chunk, lookups=lookups)
            revisions = []
            for page, record in zip(pages, chunk, strict=True):
                revisions.append(
                    Revision(
                        content_type_id=page.content_type_id,
                        base_content_type=page_content_type,
                        object_id=str(page.pk),
                        created_at=now,
                        user=user,
                        object_str=page.title,
                        content=_revision_content(
                            page,
                            _m2m_values(record, lookups),
                            [lookups.tags[name].pk for name in record.keywords],
                            _demand_rows(record, lookups),
                        ),
                    )
                )
            Revision.objects.bulk_create(revisions, batch_size=BATCH_SIZE)
            _revisions_link(page_ids=page_ids, content_type=page_content_type, publish=publish)
            _log_entries_create(pages=pages, revisions=revisions, user=user, publish=publish)
            created_ids += page_ids
            done += len(chunk)
            if progress:
                progress(f"  created {done}/{len(records)}")
        Page.objects.filter(pk=bank.pk).update(numchild=F("numchild") + len(bank_records))
    return created_ids


def _relations_create(*, pages: list, records: list[ImportRecord], lookups: _Lookups) -> None:
    through_rows: dict[type, list] = defaultdict(list)
    tag_rows: dict[type, list] = defaultdict(list)
    demand_rows: list[ManpowerDemand] = []
    for page, record in zip(pages, records, strict=True):
        model = type(page)
        for name, ids in _m2m_values(record, lookups).items():
            m2m = model._meta.get_field(name)
            through = m2m.remote_field.through
            source, target = m2m.m2m_field_name(), m2m.m2m_reverse_field_name()
            through_rows[through] += [
                through(**{f"{source}_id": page.pk, f"{target}_id": pk}) for pk in ids
            ]
        tag_model = model._meta.get_field("tagged_items").related_model
        tag_rows[tag_model] += [
            tag_model(content_object_id=page.pk, tag_id=lookups.tags[name].pk)
            for name in record.keywords
        ]
        for index, row in enumerate(_demand_rows(record, lookups)):
            demand_rows.append(
                ManpowerDemand(
                    employer_id=page.pk,
                    sort_order=index,
                    year=row["year"],
                    position=row["position"],
                    headcount=row["headcount"],
                    level_id=row["level_id"],
                    competencies=row["competencies"],
                )
            )
    for model, rows in [*through_rows.items(), *tag_rows.items()]:
        model.objects.bulk_create(rows, batch_size=BATCH_SIZE * 2)
    ManpowerDemand.objects.bulk_create(demand_rows, batch_size=BATCH_SIZE)


def _log_entries_create(*, pages: list, revisions: list, user, publish: bool) -> None:
    """One history entry per page: created (draft) or published."""
    now = timezone.now()
    action = "wagtail.publish" if publish else "wagtail.create"
    PageLogEntry.objects.bulk_create(
        [
            PageLogEntry(
                content_type_id=page.content_type_id,
                label=page.title[:255],
                action=action,
                page_id=page.pk,
                revision=revision,
                user=user,
                timestamp=now,
                data={},
            )
            for page, revision in zip(pages, revisions, strict=True)
        ],
        batch_size=BATCH_SIZE,
    )


def _pages_update(
    *,
    records: list[ImportRecord],
    lookups: _Lookups,
    documents: dict[str, int],
    publish: bool,
    user,
    progress: Progress | None,
) -> tuple[list[int], int]:
    """Updates the pages whose record changed, through Wagtail's revisions; skips the others."""
    by_type: dict[str, dict[str, ImportRecord]] = defaultdict(dict)
    for record in records:
        by_type[record.type][record.external_id] = record
    updated: list[int] = []
    unchanged = 0
    for key, by_id in by_type.items():
        model = RESOURCE_TYPES[key]
        pages = resources_export_queryset(model=model).filter(external_id__in=list(by_id))
        for page in pages:
            record = by_id[page.external_id]
            if _page_matches(page, record):
                unchanged += 1
                continue
            page = page.get_latest_revision_as_object() if not publish else page
            _apply_record(page, record, lookups, documents)
            for name, objs in _m2m_objects(record, lookups).items():
                setattr(page, name, objs)
            page.keywords.set([lookups.tags[name] for name in record.keywords])
            if key == "employer":
                page.manpower_demands = [
                    ManpowerDemand(
                        year=row["year"],
                        position=row["position"],
                        headcount=row["headcount"],
                        level_id=row["level_id"],
                        competencies=row["competencies"],
                        sort_order=index,
                    )
                    for index, row in enumerate(_demand_rows(record, lookups))
                ]
            revision = page.save_revision(user=user, log_action=True, clean=False)
            if publish:
                revision.publish(user=user)
            updated.append(page.pk)
            if progress and len(updated) % 100 == 0:
                progress(f"  updated {len(updated)}")
    return updated, unchanged


def _page_matches(page, record: ImportRecord) -> bool:
    current = page_to_record(page=page)
    wanted = record.as_dict()
    if record.file:
        # The same file content is the same file, wherever it was read from.
        current_file = current.pop("file", "")
        wanted_file = wanted.pop("file")
        if not current_file or _file_sha1(wanted_file) != _document_hash(page, record.type):
            return False
    return _comparable(current) == _comparable(wanted)


UNORDERED_COLUMNS = ("language", "fields", "industries", "levels", "keywords")


def _comparable(record: dict) -> dict:
    return {
        name: sorted(value) if name in UNORDERED_COLUMNS else value
        for name, value in record.items()
    }


def _document_hash(page, resource_type: str) -> str:
    document = getattr(page, FILE_FIELD[resource_type], None)
    return getattr(document, "file_hash", "") if document else ""


def resources_import(
    *,
    records: list[ImportRecord],
    publish: bool = True,
    user=None,
    progress: Progress | None = None,
) -> ImportReport:
    """Writes validated records: new pages in bulk, changed pages as new revisions. Atomic."""
    report = ImportReport(total=len(records), published=publish)
    if not records:
        return report
    existing = _existing_pages(record.external_id for record in records)
    new = [record for record in records if record.external_id not in existing]
    old = [record for record in records if record.external_id in existing]
    with transaction.atomic():
        lookups = _Lookups.load(records)
        documents = _documents_for(records, lookups)
        created = _pages_create(
            records=new,
            lookups=lookups,
            documents=documents,
            publish=publish,
            user=user,
            progress=progress,
        )
        updated, unchanged = _pages_update(
            records=old,
            lookups=lookups,
            documents=documents,
            publish=publish,
            user=user,
            progress=progress,
        )
        report.created, report.updated, report.unchanged = len(created), len(updated), unchanged
        report.page_ids = created + updated
        if created:
            transaction.on_commit(
                lambda: report.after_commit.update(
                    resources_imported_notify(page_ids=created, published=publish)
                )
            )
    return report


def resources_imported_notify(
    *, page_ids: list[int], published: bool
) -> dict[str, tuple[float, float]]:
    """After commit: tell listeners about the new pages (``page_published`` for each published
    one, as Wagtail would) and queue their indexing. Returns each step's (wall, CPU) seconds for
    the benchmark; with the immediate task backend the steps include the indexing itself."""
    from wagtail.signals import page_published

    from . import signals, tasks

    timings: dict[str, tuple[float, float]] = {}
    started = (time.perf_counter(), time.process_time())

    def lap(name: str) -> None:
        nonlocal started
        now = (time.perf_counter(), time.process_time())
        timings[name] = (now[0] - started[0], now[1] - started[1])
        started = now

    # The site search listens to this one signal and indexes the whole import in bulk.
    signals.resources_imported.send(sender=Page, page_ids=page_ids, published=published)
    lap("site search (resources_imported)")
    if published:
        for start in range(0, len(page_ids), 500):
            for page in Page.objects.filter(pk__in=page_ids[start : start + 500]).specific():
                page_published.send(sender=type(page), instance=page, revision=page.live_revision)
        lap("page_published signals")
    tasks.pages_index.enqueue(page_ids=page_ids)
    lap("Wagtail admin search index")
    return timings


def resources_import_dicts(
    *,
    records: Iterable[dict],
    publish: bool = True,
    user=None,
    base_dir: Path | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Validates and imports records given as dicts (the JSONL format), all or nothing: for
    callers such as fixtures and evaluation commands."""
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
) -> ImportReport:
    """Reads, validates, and (unless ``dry_run`` or any error) imports one JSONL or CSV file."""
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
) -> ImportReport:
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
        report = ImportReport(total=len(rows), errors=errors, dry_run=dry_run, published=publish)
        return report
    if progress:
        progress(f"{len(records)} records valid; importing…")
    report = resources_import(records=records, publish=publish, user=user, progress=progress)
    return report


# --- Export ------------------------------------------------------------------------------------


def resources_export_queryset(*, model):
    related = ["home_field"]
    if model.resource_type in FILE_FIELD:
        related.append(FILE_FIELD[model.resource_type])
    queryset = model.objects.select_related(*related).prefetch_related(
        "other_fields", "industries", "levels", "tagged_items__tag"
    )
    if model.resource_type == "employer":
        queryset = queryset.prefetch_related("manpower_demands__level")
    return queryset.order_by("path")


def page_to_record(*, page) -> dict:
    """A page as an import record (the inverse of the import)."""
    resource_type = page.resource_type
    record = ImportRecord(
        line=0,
        external_id=page.external_id,
        type=resource_type,
        title=page.title,
        field=page.home_field.code,
        title_en=page.title_en,
        summary=page.summary,
        body=richtext_to_body(page.body),
        language=page.language_codes,
        fields=[f.code for f in page.other_fields.all()],
        industries=[i.code for i in page.industries.all()],
        levels=[level.code for level in page.levels.all()],
        keywords=[item.tag.name for item in page.tagged_items.all()],
        authors=page.author_names,
        year=page.year,
        url=getattr(page, URL_FIELD[resource_type]) or "",
        licence=page.licence,
    )
    if resource_type in FILE_FIELD:
        document = getattr(page, FILE_FIELD[resource_type])
        if document is not None:
            try:
                record.file = document.file.path
            except NotImplementedError:  # remote storage: no local path
                record.file = ""
    details = {}
    for name in DETAIL_FIELDS.get(resource_type, ()):
        value = getattr(page, name)
        details[name] = richtext_to_body(value) if name in RICH_TEXT_DETAILS else value
    record.details = _details_compact({k: _json_value(v) for k, v in details.items()})
    if resource_type == "employer":
        record.demand = [
            {
                "year": row.year,
                "position": row.position,
                "headcount": row.headcount,
                "level": row.level.code if row.level else "",
                "competencies": row.competencies,
            }
            for row in page.manpower_demands.all()
        ]
    return record.as_dict()


def resources_export(
    *, field_codes: list[str] | None = None, types: list[str] | None = None
) -> Iterator[dict]:
    """Every resource and profile as import records, type by type, in tree order."""
    for key, model in RESOURCE_TYPES.items():
        if types and key not in types:
            continue
        queryset = resources_export_queryset(model=model)
        if field_codes:
            queryset = queryset.filter(home_field__code__in=field_codes)
        for page in queryset.iterator(chunk_size=500):
            yield page_to_record(page=page)


def records_write(*, records: Iterable[dict], stream, file_format: str) -> int:
    count = 0
    if file_format == "jsonl":
        for record in records:
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
        return count
    writer = csv.DictWriter(stream, fieldnames=COLUMNS, extrasaction="raise")
    writer.writeheader()
    for record in records:
        row = {}
        for name in COLUMNS:
            value = record.get(name, "")
            if name in LIST_COLUMNS:
                value = LIST_SEPARATOR.join(value)
            elif name in ("demand", "details"):
                value = json.dumps(value, ensure_ascii=False) if value else ""
            row[name] = value
        writer.writerow(row)
        count += 1
    return count


def records_to_text(*, records: Iterable[dict], file_format: str) -> str:
    buffer = io.StringIO()
    records_write(records=records, stream=buffer, file_format=file_format)
    return buffer.getvalue()


# --- Benchmark data ------------------------------------------------------------------------------


def benchmark_records(*, count: int, field_codes: list[str], prefix: str = "bench") -> list[dict]:
    """Synthetic but realistic records for the import benchmark."""
    types = list(RESOURCE_TYPES)
    industries = list(Industry.objects.values_list("code", flat=True))
    levels = list(Level.objects.values_list("code", flat=True))
    approaches = list(TeachingApproach.objects.values_list("code", flat=True))
    del approaches
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
