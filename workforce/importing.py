"""Import and export of supply, demand, partnerships and teacher development as CSV and XLSX.

All or nothing: every line is read and checked first; a single error anywhere saves nothing and the
person gets every error with its line number, in Thai and English. Rows are matched on a natural key
(or the ``reference`` column), so importing the same file twice changes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import translation
from django.utils.translation import gettext_lazy

from content.models import FieldOfStudy, Industry, Institution, Level
from intelligent_center.messages import bilingual

from . import permissions
from .geo import province_normalise
from .models import (
    DevelopmentKind,
    EmployerDemand,
    Establishment,
    Partnership,
    PartnershipMode,
    PartnershipPurpose,
    PartnershipStatus,
    SupplyRecord,
    TeacherDevelopment,
)

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
FORMATS = ("csv", "xlsx")


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # msgid (English); shown in Thai in the help sheet
    kind: str = "text"  # text, int, year, date, field, college, level, industry, province, choice
    required: bool = True
    choices: tuple[str, ...] = ()
    max_length: int = 255


@dataclass
class LineError:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"{self.column}: " if self.column else ""
        return f"{bilingual('Line %(line)s', line=self.line)} — {where}{self.message}"


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    errors: list[LineError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class ImportFileError(ValueError):
    """The file as a whole cannot be read (wrong type, empty, no header…)."""


@dataclass(frozen=True)
class Spec:
    kind: str
    model: type[models.Model]
    title: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]  # columns identifying a row
    to_row: Callable[[models.Model], dict]


def _choice_values(choices: type[models.TextChoices]) -> tuple[str, ...]:
    return tuple(choices.values)


SUPPLY_COUNTS = (
    "planned",
    "enrolled",
    "graduates",
    "certified_tpqi",
    "certified_dsd",
    "certified_international",
    "employed_or_studying",
)

SPECS: dict[str, Spec] = {
    "supply": Spec(
        kind="supply",
        model=SupplyRecord,
        title=gettext_lazy("Supply (graduates)"),
        columns=(
            Column("field", gettext_lazy("Field code, e.g. F64-11"), "field"),
            Column("college", gettext_lazy("College key"), "college"),
            Column("academic_year", gettext_lazy("Academic year (B.E.)"), "year"),
            Column("level", gettext_lazy("Level code"), "level"),
            Column("planned", gettext_lazy("Enrolment plan"), "int"),
            Column("enrolled", gettext_lazy("Enrolled"), "int"),
            Column("graduates", gettext_lazy("Graduates"), "int"),
            Column("certified_tpqi", gettext_lazy("Graduates certified by TPQI"), "int"),
            Column("certified_dsd", gettext_lazy("Graduates certified by DSD"), "int"),
            Column(
                "certified_international",
                gettext_lazy("Graduates certified internationally"),
                "int",
            ),
            Column(
                "employed_or_studying",
                gettext_lazy("Graduates employed or studying within a year"),
                "int",
            ),
        ),
        key=("field", "college", "academic_year", "level"),
        to_row=lambda r: {
            "field": r.field.code,
            "college": r.institution.key,
            "academic_year": r.academic_year,
            "level": r.level.code,
            **{name: getattr(r, name) for name in SUPPLY_COUNTS},
        },
    ),
    "demand": Spec(
        kind="demand",
        model=EmployerDemand,
        title=gettext_lazy("Demand without public profile"),
        columns=(
            Column("field", gettext_lazy("Field code, e.g. F64-11"), "field"),
            Column("establishment", gettext_lazy("Establishment name (Thai)")),
            Column("province", gettext_lazy("Province of the establishment"), "province"),
            Column("industry", gettext_lazy("Industry code"), "industry", required=False),
            Column("year", gettext_lazy("Year (B.E.)"), "year"),
            Column("position", gettext_lazy("Position")),
            Column("headcount", gettext_lazy("Headcount"), "positive"),
            Column("level", gettext_lazy("Level code"), "level"),
            Column(
                "competencies",
                gettext_lazy("Competencies required (separated by ;)"),
                required=False,
                max_length=5000,
            ),
        ),
        key=("field", "establishment", "province", "year", "position", "level"),
        to_row=lambda r: {
            "field": r.field.code,
            "establishment": r.establishment.name_th,
            "province": r.establishment.province_th,
            "industry": r.establishment.industry.code if r.establishment.industry_id else "",
            "year": r.year,
            "position": r.position,
            "headcount": r.headcount,
            "level": r.level.code,
            "competencies": "; ".join(line for line in r.competencies.splitlines() if line),
        },
    ),
    "partnerships": Spec(
        kind="partnerships",
        model=Partnership,
        title=gettext_lazy("Partnerships (matching)"),
        columns=(
            Column("reference", gettext_lazy("Reference (unique)"), "slug", max_length=64),
            Column("field", gettext_lazy("Field code, e.g. F64-11"), "field"),
            Column("establishment", gettext_lazy("Establishment name (Thai)")),
            Column("province", gettext_lazy("Province of the establishment"), "province"),
            Column("college", gettext_lazy("College key"), "college"),
            Column("mode", gettext_lazy("Mode"), "choice", choices=_choice_values(PartnershipMode)),
            Column(
                "purpose",
                gettext_lazy("Purpose"),
                "choice",
                choices=_choice_values(PartnershipPurpose),
            ),
            Column("year", gettext_lazy("Year (B.E.)"), "year"),
            Column("level", gettext_lazy("Level code"), "level", required=False),
            Column("places_offered", gettext_lazy("Places offered"), "int"),
            Column("places_filled", gettext_lazy("Places filled"), "int"),
            Column("signed_on", gettext_lazy("MOU/MOA signed on"), "date", required=False),
            Column("starts_on", gettext_lazy("Starts on"), "date", required=False),
            Column("ends_on", gettext_lazy("Ends on"), "date", required=False),
            Column(
                "status",
                gettext_lazy("Status"),
                "choice",
                choices=_choice_values(PartnershipStatus),
            ),
        ),
        key=("reference",),
        to_row=lambda r: {
            "reference": r.reference,
            "field": r.field.code,
            "establishment": r.establishment.name_th,
            "province": r.establishment.province_th,
            "college": r.institution.key,
            "mode": r.mode,
            "purpose": r.purpose,
            "year": r.year,
            "level": r.level.code if r.level_id else "",
            "places_offered": r.places_offered,
            "places_filled": r.places_filled,
            "signed_on": r.signed_on.isoformat() if r.signed_on else "",
            "starts_on": r.starts_on.isoformat() if r.starts_on else "",
            "ends_on": r.ends_on.isoformat() if r.ends_on else "",
            "status": r.status,
        },
    ),
    "teacher_development": Spec(
        kind="teacher_development",
        model=TeacherDevelopment,
        title=gettext_lazy("Teacher development"),
        columns=(
            Column("reference", gettext_lazy("Reference (unique)"), "slug", max_length=64),
            Column("field", gettext_lazy("Field code, e.g. F64-11"), "field"),
            Column("college", gettext_lazy("College key"), "college"),
            Column("teacher", gettext_lazy("Teacher")),
            Column("kind", gettext_lazy("Kind"), "choice", choices=_choice_values(DevelopmentKind)),
            Column("title", gettext_lazy("Course or placement")),
            Column("establishment", gettext_lazy("Establishment"), required=False),
            Column("starts_on", gettext_lazy("Starts on"), "date"),
            Column("ends_on", gettext_lazy("Ends on"), "date"),
            Column("hours", gettext_lazy("Hours"), "int"),
            Column("certificate", gettext_lazy("Certificate obtained"), required=False),
        ),
        key=("reference",),
        to_row=lambda r: {
            "reference": r.reference,
            "field": r.field.code,
            "college": r.institution.key,
            "teacher": r.teacher_name,
            "kind": r.kind,
            "title": r.title,
            "establishment": r.establishment,
            "starts_on": r.starts_on.isoformat(),
            "ends_on": r.ends_on.isoformat(),
            "hours": r.hours,
            "certificate": r.certificate,
        },
    ),
}


# --- Reading files ----------------------------------------------------------------------------


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_table(*, data: bytes, filename: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header and ``(line number, cells)`` of a CSV or XLSX file, or :class:`ImportFileError`."""
    if not data:
        raise ImportFileError(bilingual("The file is empty."))
    if len(data) > MAX_BYTES:
        raise ImportFileError(
            bilingual("The file is larger than %(size)s MB.", size=MAX_BYTES // 1024 // 1024)
        )
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension == "csv":
        rows = _read_csv(data)
    elif extension == "xlsx":
        rows = _read_xlsx(data)
    else:
        raise ImportFileError(bilingual("Upload a .csv or .xlsx file."))
    rows = [(line, cells) for line, cells in rows if any(cell for cell in cells)]
    if not rows:
        raise ImportFileError(bilingual("The file is empty."))
    (_header_line, header), *body = rows
    if len(body) > MAX_ROWS:
        raise ImportFileError(bilingual("More than %(rows)s lines: split the file.", rows=MAX_ROWS))
    return [cell.strip().lower() for cell in header], body


def _read_csv(data: bytes) -> list[tuple[int, list[str]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(bilingual("The CSV file is not UTF-8 text.")) from error
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        return [(reader.line_num, [cell.strip() for cell in cells]) for cells in reader]
    except csv.Error as error:
        raise ImportFileError(bilingual("The CSV file cannot be read.")) from error


def _read_xlsx(data: bytes) -> list[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises several types for a damaged or foreign file
        raise ImportFileError(bilingual("The XLSX file cannot be read.")) from error
    sheet = workbook.worksheets[0]
    rows = [
        (number, [_cell_text(value) for value in values])
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
    ]
    workbook.close()
    return rows


# --- Checking values ----------------------------------------------------------------------------


class _Lookups:
    def __init__(self) -> None:
        self.fields = {f.code.upper(): f for f in FieldOfStudy.objects.all()}
        self.colleges = {i.key: i for i in Institution.objects.all()}
        self.levels = {level.code: level for level in Level.objects.all()}
        self.industries = {i.code: i for i in Industry.objects.all()}


def _parse_date(text: str) -> dt.date:
    if "/" in text:
        day, month, year = (int(part) for part in text.split("/"))
        if year > 2400:
            year -= 543
        return dt.date(year, month, day)
    return dt.date.fromisoformat(text)


def _convert(column: Column, text: str, lookups: _Lookups, codes):
    """The Python value of one cell, or raise ``ValueError`` with a bilingual message."""
    if column.kind in ("text", "slug"):
        if len(text) > column.max_length:
            raise ValueError(bilingual("Longer than %(max)s characters.", max=column.max_length))
        if column.kind == "slug" and not all(ch.isalnum() or ch in "-_" for ch in text):
            raise ValueError(bilingual("Use only letters, digits, - and _."))
        return text
    if column.kind in ("int", "positive", "year"):
        try:
            number = int(text.replace(",", ""))
        except ValueError:
            raise ValueError(bilingual("“%(value)s” is not a whole number.", value=text)) from None
        if number < 0 or (column.kind == "positive" and number == 0):
            raise ValueError(
                bilingual("Must be greater than zero.")
                if column.kind == "positive"
                else bilingual("Must not be negative.")
            )
        if column.kind == "year" and not 2500 <= number <= 2700:
            raise ValueError(
                bilingual(
                    "Write the year in the Buddhist era, e.g. 2567 (got %(value)s).", value=number
                )
            )
        return number
    if column.kind == "date":
        try:
            return _parse_date(text)
        except (ValueError, TypeError):
            raise ValueError(
                bilingual("“%(value)s” is not a date (YYYY-MM-DD or DD/MM/YYYY).", value=text)
            ) from None
    if column.kind == "field":
        found = lookups.fields.get(text.upper())
        if found is None:
            raise ValueError(bilingual("Unknown field code “%(value)s”.", value=text))
        if codes is not permissions.ALL and found.code not in codes:
            raise ValueError(
                bilingual("You may not edit the data of field %(code)s.", code=found.code)
            )
        return found
    if column.kind == "college":
        found = lookups.colleges.get(text)
        if found is None:
            raise ValueError(bilingual("Unknown college key “%(value)s”.", value=text))
        return found
    if column.kind == "level":
        found = lookups.levels.get(text)
        if found is None:
            raise ValueError(
                bilingual(
                    "Unknown level “%(value)s” (use one of: %(codes)s).",
                    value=text,
                    codes=", ".join(lookups.levels),
                )
            )
        return found
    if column.kind == "industry":
        found = lookups.industries.get(text)
        if found is None:
            raise ValueError(bilingual("Unknown industry code “%(value)s”.", value=text))
        return found
    if column.kind == "province":
        found = province_normalise(text)
        if not found:
            raise ValueError(bilingual("Unknown province “%(value)s”.", value=text))
        return found
    if column.kind == "choice":
        if text not in column.choices:
            raise ValueError(
                bilingual(
                    "“%(value)s” is not one of: %(choices)s.",
                    value=text,
                    choices=", ".join(column.choices),
                )
            )
        return text
    raise AssertionError(column.kind)


def _check_lines(
    spec: Spec, header: list[str], body, *, user
) -> tuple[list[dict], list[LineError]]:
    errors: list[LineError] = []
    expected = [column.key for column in spec.columns]
    missing = [key for key in expected if key not in header]
    unknown = [key for key in header if key and key not in expected]
    if missing:
        errors.append(
            LineError(1, "", bilingual("Missing columns: %(columns)s.", columns=", ".join(missing)))
        )
    if unknown:
        errors.append(
            LineError(1, "", bilingual("Unknown columns: %(columns)s.", columns=", ".join(unknown)))
        )
    if errors:
        return [], errors
    lookups = _Lookups()
    codes = permissions.field_codes_for(user)
    index = {key: header.index(key) for key in expected}
    rows: list[dict] = []
    seen: dict[tuple, int] = {}
    for line, cells in body:
        values: dict = {"_line": line}
        line_ok = True
        for column in spec.columns:
            position = index[column.key]
            text = cells[position].strip() if position < len(cells) else ""
            if not text:
                if column.required:
                    errors.append(LineError(line, column.key, bilingual("This value is required.")))
                    line_ok = False
                values[column.key] = None if column.kind != "text" else ""
                continue
            try:
                values[column.key] = _convert(column, text, lookups, codes)
            except ValueError as error:
                errors.append(LineError(line, column.key, str(error)))
                line_ok = False
        if not line_ok:
            continue
        key = tuple(_key_part(values[name]) for name in spec.key)
        if key in seen:
            errors.append(
                LineError(line, "", bilingual("Same row as line %(line)s.", line=seen[key]))
            )
            continue
        seen[key] = line
        rows.append(values)
    return rows, errors


def _key_part(value):
    return value.pk if isinstance(value, models.Model) else value


# --- Building model instances --------------------------------------------------------------------


def _establishment(values: dict, cache: dict) -> Establishment:
    key = (values["establishment"], values["province"])
    if key not in cache:
        cache[key] = Establishment.objects.filter(
            name_th=values["establishment"], province_th=values["province"]
        ).first() or Establishment(
            name_th=values["establishment"],
            province_th=values["province"],
            field=values["field"],
            industry=values.get("industry"),
        )
    establishment = cache[key]
    if values.get("industry") and establishment.industry_id is None:
        establishment.industry = values["industry"]
    return establishment


def _build(spec: Spec, values: dict, cache: dict, codes) -> tuple[models.Model, bool]:
    """The instance for a line (existing one updated, or new) and whether it already existed."""
    if spec.kind == "supply":
        instance = SupplyRecord.objects.filter(
            field=values["field"],
            institution=values["college"],
            academic_year=values["academic_year"],
            level=values["level"],
        ).first() or SupplyRecord(
            field=values["field"],
            institution=values["college"],
            academic_year=values["academic_year"],
            level=values["level"],
        )
        for name in SUPPLY_COUNTS:
            setattr(instance, name, values[name])
        return instance, instance.pk is not None
    if spec.kind == "demand":
        establishment = _establishment(values, cache)
        instance = (
            EmployerDemand.objects.filter(
                field=values["field"],
                establishment=establishment,
                year=values["year"],
                position=values["position"],
                level=values["level"],
            ).first()
            if establishment.pk
            else None
        ) or EmployerDemand(
            field=values["field"],
            establishment=establishment,
            year=values["year"],
            position=values["position"],
            level=values["level"],
        )
        instance.headcount = values["headcount"]
        instance.competencies = "\n".join(
            part.strip() for part in (values["competencies"] or "").split(";") if part.strip()
        )
        return instance, instance.pk is not None
    model = spec.model
    instance = model.objects.filter(reference=values["reference"]).first()
    existed = instance is not None
    if existed and codes is not permissions.ALL and instance.field.code not in codes:
        raise ValidationError(
            bilingual(
                "Reference %(reference)s belongs to another field.", reference=values["reference"]
            )
        )
    instance = instance or model(reference=values["reference"])
    instance.field = values["field"]
    instance.institution = values["college"]
    if spec.kind == "partnerships":
        instance.establishment = _establishment(values, cache)
        for name in (
            "mode",
            "purpose",
            "year",
            "level",
            "places_offered",
            "places_filled",
            "signed_on",
            "starts_on",
            "ends_on",
            "status",
        ):
            setattr(instance, name, values[name])
    else:
        instance.teacher_name = values["teacher"]
        for name in ("kind", "title", "starts_on", "ends_on", "hours"):
            setattr(instance, name, values[name])
        instance.establishment = values["establishment"] or ""
        instance.certificate = values["certificate"] or ""
    return instance, existed


def _validation_messages(error: ValidationError) -> list[tuple[str, str]]:
    if hasattr(error, "error_dict"):
        return [
            (name, " ".join(str(message) for message in messages))
            for name, messages in error.message_dict.items()
        ]
    return [("", " ".join(error.messages))]


def _bilingual_validation(instance: models.Model) -> list[tuple[str, str]]:
    """Run the model's validation in both languages, paired by field."""
    results: dict[str, list[str]] = {}
    for language in ("th", "en"):
        with translation.override(language):
            try:
                instance.full_clean(exclude=["establishment", "reference"], validate_unique=False)
            except ValidationError as error:
                for name, message in _validation_messages(error):
                    results.setdefault(name, []).append(message)
    return [
        (name, messages[0] if len(set(messages)) == 1 else " / ".join(messages))
        for name, messages in results.items()
    ]


def import_file(*, kind: str, data: bytes, filename: str, user) -> ImportResult:
    """Check every line, then save all of them in one transaction — or none, with the errors."""
    spec = SPECS[kind]
    try:
        header, body = read_table(data=data, filename=filename)
    except ImportFileError as error:
        return ImportResult(errors=[LineError(0, "", str(error))])
    rows, errors = _check_lines(spec, header, body, user=user)
    if errors:
        return ImportResult(errors=errors)
    result = ImportResult()
    codes = permissions.field_codes_for(user)
    try:
        with transaction.atomic():
            cache: dict = {}
            built = []
            for values in rows:
                try:
                    instance, existed = _build(spec, values, cache, codes)
                except ValidationError as error:
                    result.errors.append(LineError(values["_line"], "", " ".join(error.messages)))
                    continue
                for name, message in _bilingual_validation(instance):
                    result.errors.append(LineError(values["_line"], name, message))
                built.append((instance, existed))
            if result.errors:
                raise _Rollback
            for establishment in cache.values():
                establishment.save()
            for instance, existed in built:
                instance.save()
                if existed:
                    result.updated += 1
                else:
                    result.created += 1
    except _Rollback:
        result.created = result.updated = 0
    return result


class _Rollback(Exception):
    pass


# --- Writing files ------------------------------------------------------------------------------


def _queryset(spec: Spec, user):
    related = {
        "supply": ("field", "institution", "level"),
        "demand": ("field", "establishment__industry", "level"),
        "partnerships": ("field", "establishment", "institution", "level"),
        "teacher_development": ("field", "institution"),
    }[spec.kind]
    return permissions.scope_queryset(spec.model.objects.select_related(*related), user)


def export_rows(*, kind: str, user) -> tuple[list[str], Iterable[list]]:
    spec = SPECS[kind]
    header = [column.key for column in spec.columns]
    rows = (
        [spec.to_row(record).get(key, "") for key in header]
        for record in _queryset(spec, user).iterator(chunk_size=2000)
    )
    return header, rows


def table_to_csv(header: list[str], rows: Iterable[list]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")  # the BOM makes Excel read Thai correctly


def table_to_xlsx(
    header: list[str], rows: Iterable[list], *, title: str, help_rows: list[list] | None = None
) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    if help_rows:
        help_sheet = workbook.create_sheet("คำอธิบาย Help")
        for row in help_rows:
            help_sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_help_rows(kind: str) -> list[list]:
    spec = SPECS[kind]
    rows = [["column", "คำอธิบาย", "description", "required / จำเป็น", "values / ค่าที่ใช้ได้"]]
    for column in spec.columns:
        with translation.override("th"):
            thai = str(column.label)
        with translation.override("en"):
            english = str(column.label)
        values = ", ".join(column.choices)
        if column.kind == "level":
            values = ", ".join(Level.objects.values_list("code", flat=True))
        rows.append([column.key, thai, english, "✓" if column.required else "", values])
    return rows


def export_file(*, kind: str, fmt: str, user, template: bool = False) -> bytes:
    spec = SPECS[kind]
    if template:
        header, rows = [column.key for column in spec.columns], []
    else:
        header, rows = export_rows(kind=kind, user=user)
    if fmt == "csv":
        return table_to_csv(header, rows)
    with translation.override("th"):
        title = str(spec.title)
    return table_to_xlsx(header, rows, title=title, help_rows=template_help_rows(kind))
