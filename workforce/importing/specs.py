"""What each workforce table looks like in a file: its columns, its natural key and how a saved
row is written back (the same columns, so an export imports again unchanged)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy

from intelligent_center.messages import bilingual

from ..models import (
    DevelopmentKind,
    EmployerDemand,
    Partnership,
    PartnershipMode,
    PartnershipPurpose,
    PartnershipStatus,
    SupplyRecord,
    TeacherDevelopment,
)

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
