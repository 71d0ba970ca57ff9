"""The import format: its columns (with their help text), one record, one error, the report.

Everything that describes the format lives here, so the reader, the checks, the exporter, the
downloadable templates and the help sheet all follow one definition.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from ..models import RESOURCE_TYPES, Licence

Progress = Callable[[str], None]

FORMATS = ("jsonl", "csv")
LIST_SEPARATOR = "|"  # between the items of a list in a CSV cell
BATCH_SIZE = 250
MAX_ERRORS_SHOWN = 200
EXTERNAL_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$")


@dataclass(frozen=True)
class Column:
    """One key of a record: the help sheet and the templates are generated from these."""

    key: str
    required: bool
    kind: str  # "text", "list", "number" or "json": how a CSV cell holds it
    help: str  # English msgid, translated to Thai
    example: object = ""


COLUMN_SPECS = (
    Column(
        "external_id",
        True,
        "text",
        _(
            "Stable key of the resource (letters, digits, '.', '_', ':', '-'; at most 128). "
            "Importing the same key again updates that page and never duplicates it."
        ),
        "f64-11-research-001",
    ),
    Column("type", True, "text", _("Resource type, one of: %(types)s."), "research"),
    Column(
        "title",
        True,
        "text",
        _("Thai title (for profiles: the person's or company's name), at most 255 characters."),
        "ระบบตรวจสอบชิ้นงานด้วยกล้อง",
    ),
    Column("title_en", False, "text", _("English title (optional)."), "Camera inspection"),
    Column("summary", False, "text", _("Short plain-text summary."), "สรุปผลงานโดยย่อ"),
    Column(
        "body",
        False,
        "text",
        _("Plain text of the page; a blank line starts a new paragraph."),
        "ย่อหน้าแรก",
    ),
    Column(
        "language",
        False,
        "list",
        _("Languages of the resource: th and/or en (default th)."),
        ["th"],
    ),
    Column(
        "field",
        True,
        "text",
        _("Home field code, e.g. F64-11: the page goes into that field's knowledge bank."),
        "F64-11",
    ),
    Column("fields", False, "list", _("Other field codes the resource also serves."), []),
    Column("industries", False, "list", _("Industry codes, one of: %(industries)s."), ["robotics"]),
    Column("levels", False, "list", _("Level codes, one of: %(levels)s."), ["hvc"]),
    Column("keywords", False, "list", _("Keywords (each at most 100 characters)."), ["หุ่นยนต์"]),
    Column("authors", False, "list", _("Authors, one name per item."), ["นายสมชาย ใจดี"]),
    Column(
        "year",
        False,
        "number",
        _("Gregorian year (A.D.), e.g. 2024; a Buddhist-era year such as 2567 is refused."),
        2024,
    ),
    Column(
        "url",
        False,
        "text",
        _("External http(s) address: the resource's link, or the website of a profile."),
        "",
    ),
    Column(
        "file",
        False,
        "text",
        _(
            "Name of a file to attach, relative to the records file (in the admin: a file inside "
            "the uploaded zip). research: %(research)s; ebook: %(ebook)s; simulator: %(simulator)s."
        ),
        "",
    ),
    Column("licence", False, "text", _("Licence, one of: %(licences)s (default cc-by)."), "cc-by"),
    Column(
        "demand",
        False,
        "json",
        _(
            "Employers only: manpower demand rows, a JSON list of objects with year (A.D.), "
            "position, headcount, level and competencies."
        ),
        [],
    ),
    Column(
        "details",
        False,
        "json",
        _("Type-specific values as a JSON object; the keys each type takes: %(details)s."),
        {},
    ),
)
COLUMNS = tuple(column.key for column in COLUMN_SPECS)
LIST_COLUMNS = tuple(column.key for column in COLUMN_SPECS if column.kind == "list")
JSON_COLUMNS = tuple(column.key for column in COLUMN_SPECS if column.kind == "json")
TEXT_COLUMNS = tuple(column.key for column in COLUMN_SPECS if column.kind == "text")
REQUIRED = tuple(column.key for column in COLUMN_SPECS if column.required)

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
UNORDERED_COLUMNS = ("language", "fields", "industries", "levels", "keywords")


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
    file: str = ""  # an absolute path, confined to the import's folder by the validation
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

    @property
    def ok(self) -> bool:
        return not self.errors


def json_value(value):
    """Model values as JSON-friendly, comparable values (Decimal → int or float)."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def details_defaults(resource_type: str) -> dict:
    model = RESOURCE_TYPES[resource_type]
    return {
        name: json_value(model._meta.get_field(name).get_default())
        for name in DETAIL_FIELDS.get(resource_type, ())
    }


def details_compact(details: dict) -> dict:
    return {name: value for name, value in details.items() if value not in ("", None)}


def comparable(record: dict) -> dict:
    """A record whose unordered lists are sorted, to compare two records."""
    return {
        name: sorted(value) if name in UNORDERED_COLUMNS else value
        for name, value in record.items()
    }
