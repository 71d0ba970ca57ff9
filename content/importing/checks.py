"""Checks of one record: one small checker per group of columns, and one per resource type.

Each checker reads ``check.raw``, writes the normalised values to ``check.values`` and adds what
is wrong to ``check.errors`` (Thai/English). :func:`record_validate` runs them all, so one record
reports every problem at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from intelligent_center.messages import bilingual

from ..models import (
    LANGUAGE_CHOICES,
    RESOURCE_TYPES,
    FieldOfStudy,
    Industry,
    KnowledgeBankPage,
    Level,
    Licence,
)
from .records import (
    COLUMNS,
    DETAIL_FIELDS,
    EXTERNAL_ID_RE,
    FILE_EXTENSIONS,
    FILE_FIELD,
    LIST_COLUMNS,
    REQUIRED,
    RICH_TEXT_DETAILS,
    TEXT_COLUMNS,
    ImportRecord,
    details_compact,
    details_defaults,
    json_value,
)
from .sources import FileRefused, ImportFolder, no_files_refusal

_url_validator = URLValidator(schemes=["http", "https"])


@dataclass
class Vocabulary:
    """The codes a record may use, loaded once per import."""

    fields: dict[str, int]  # field code (upper case) → pk
    industries: dict[str, int]
    levels: dict[str, int]
    banked_field_ids: set[int]

    @classmethod
    def load(cls) -> Vocabulary:
        return cls(
            fields={
                code.upper(): pk for code, pk in FieldOfStudy.objects.values_list("code", "pk")
            },
            industries=dict(Industry.objects.values_list("code", "pk")),
            levels=dict(Level.objects.values_list("code", "pk")),
            banked_field_ids=set(KnowledgeBankPage.objects.values_list("field_id", flat=True)),
        )


@dataclass
class RecordCheck:
    raw: dict
    vocabulary: Vocabulary
    folder: ImportFolder | None
    values: dict = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def fail(self, message, **params) -> None:
        self.errors.append(bilingual(message, **params))

    @property
    def type(self) -> str:
        return self.values.get("type", "")


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


# --- Column groups -----------------------------------------------------------------------------


def check_columns(check: RecordCheck) -> None:
    unknown = sorted(set(check.raw) - set(COLUMNS))
    if unknown:
        check.fail(_("Unknown column(s): %(names)s"), names=", ".join(unknown))


def check_texts(check: RecordCheck) -> None:
    for name in TEXT_COLUMNS:
        value = _as_text(check.raw.get(name))
        if value is None:
            check.fail(_("%(name)s must be text."), name=name)
            value = ""
        check.values[name] = value
    for name in REQUIRED:
        if not check.values[name]:
            check.fail(_("%(name)s is required."), name=name)


def check_identity(check: RecordCheck) -> None:
    values = check.values
    if values["external_id"] and not EXTERNAL_ID_RE.match(values["external_id"]):
        check.fail(
            _(
                "external_id may use only letters, digits, '.', '_', ':' and '-' "
                "(at most 128 characters)."
            )
        )
    given = values["type"]
    values["type"] = given.lower()
    if given and values["type"] not in RESOURCE_TYPES:
        check.fail(
            _("Unknown type %(type)s: use one of %(types)s."),
            type=given,
            types=", ".join(RESOURCE_TYPES),
        )
    if len(values["title"]) > 255 or len(values["title_en"]) > 255:
        check.fail(_("The title is longer than 255 characters."))


def check_home_field(check: RecordCheck) -> None:
    given = check.values["field"]
    code = check.values["field"] = given.upper()
    if not code:
        return
    pk = check.vocabulary.fields.get(code)
    if pk is None:
        check.fail(_("Unknown field code %(code)s."), code=given)
    elif pk not in check.vocabulary.banked_field_ids:
        check.fail(
            _(
                "Field %(code)s has no knowledge bank yet, so nothing can be imported into it: "
                "ask OVEC to create it (manage.py ensure_banks)."
            ),
            code=code,
        )


def check_lists(check: RecordCheck) -> None:
    for name in LIST_COLUMNS:
        value = _as_list(check.raw.get(name))
        if value is None:
            check.fail(_("%(name)s must be a list of texts."), name=name)
            value = []
        check.values[name] = value
    check.values["keywords"] = list(dict.fromkeys(check.values["keywords"]))
    for keyword in check.values["keywords"]:
        if len(keyword) > 100:
            check.fail(_("A keyword is longer than 100 characters."))


def check_languages(check: RecordCheck) -> None:
    languages = [code.lower() for code in check.values["language"]] or ["th"]
    known = [code for code, _label in LANGUAGE_CHOICES]
    bad = [code for code in languages if code not in known]
    if bad:
        check.fail(_("Unknown language %(codes)s: use th or en."), codes=", ".join(bad))
    check.values["language"] = languages


def check_codes(check: RecordCheck) -> None:
    vocabulary = check.vocabulary
    other_fields = [code.upper() for code in check.values["fields"]]
    for code in other_fields:
        if code not in vocabulary.fields:
            check.fail(_("Unknown field code %(code)s in fields."), code=code)
    check.values["fields"] = [code for code in other_fields if code != check.values["field"]]
    for name, known in (("industries", vocabulary.industries), ("levels", vocabulary.levels)):
        for code in check.values[name]:
            if code not in known:
                check.fail(_("Unknown code %(code)s in %(name)s."), code=code, name=name)


def check_year(check: RecordCheck) -> None:
    check.values["year"] = None
    raw_year = check.raw.get("year")
    if raw_year in (None, ""):
        return
    try:
        year = int(str(raw_year).strip())
    except ValueError:
        check.fail(_("year must be a number."))
        return
    if year > 2400:
        check.fail(
            _(
                "year %(year)s looks like a Buddhist-era year: give the Gregorian "
                "year (A.D.), e.g. %(gregorian)s."
            ),
            year=year,
            gregorian=year - 543,
        )
    elif year < 1900:
        check.fail(_("year %(year)s is too early."), year=year)
    check.values["year"] = year


def check_licence(check: RecordCheck) -> None:
    given = check.values["licence"]
    licence = check.values["licence"] = given.lower() or Licence.CC_BY
    if licence not in Licence.values:
        check.fail(
            _("Unknown licence %(licence)s: use one of %(choices)s."),
            licence=given,
            choices=", ".join(Licence.values),
        )


def check_url(check: RecordCheck) -> None:
    if not check.values["url"]:
        return
    try:
        _url_validator(check.values["url"])
    except ValidationError:
        check.fail(_("url is not a valid http(s) address."))


def _file_problems(path: Path) -> list[str]:
    from files import services as files_services

    try:
        files_services.document_validate_path(path=path)
    except ValidationError as error:
        return [" ".join(error.messages)]
    return []


def check_file(check: RecordCheck) -> None:
    name = check.values["file"]
    check.values["file"] = ""
    if not name:
        return
    resource_type = check.type
    if resource_type in RESOURCE_TYPES and resource_type not in FILE_FIELD:
        check.fail(_("A %(type)s record cannot carry a file."), type=resource_type)
        return
    try:
        if check.folder is None:
            raise no_files_refusal()
        path = check.folder.locate(name)
    except FileRefused as refused:
        check.errors.append(str(refused))
        return
    extension = path.suffix.lower().lstrip(".")
    allowed = FILE_EXTENSIONS.get(resource_type, ())
    if allowed and extension not in allowed:
        check.fail(
            _("A %(type)s file must be one of: %(extensions)s."),
            type=resource_type,
            extensions=", ".join(allowed),
        )
    elif extension not in settings.WAGTAILDOCS_EXTENSIONS:
        check.fail(_("This file type is not accepted."))
    else:
        # The real type is checked now, so a bad file fails the whole import before any file is
        # stored (and a dry run reports it).
        check.errors += _file_problems(path)
    check.values["file"] = str(path)


# --- Per resource type -------------------------------------------------------------------------


def _demand_row(check: RecordCheck, index: int, row) -> dict | None:
    if not isinstance(row, dict):
        check.fail(_("demand row %(n)s must be an object."), n=index)
        return None
    try:
        year = int(row.get("year"))
        headcount = int(row.get("headcount"))
    except (TypeError, ValueError):
        check.fail(_("demand row %(n)s needs a numeric year and headcount."), n=index)
        return None
    if not 1950 <= year <= 2200 or headcount < 0:
        check.fail(
            _("demand row %(n)s: year must be Gregorian (A.D.) and headcount positive."), n=index
        )
        return None
    level = str(row.get("level") or "")
    if level and level not in check.vocabulary.levels:
        check.fail(_("demand row %(n)s: unknown level %(level)s."), n=index, level=level)
        return None
    position = str(row.get("position") or "").strip()
    if not position:
        check.fail(_("demand row %(n)s needs a position."), n=index)
        return None
    return {
        "year": year,
        "position": position,
        "headcount": headcount,
        "level": level,
        "competencies": str(row.get("competencies") or "").strip(),
    }


def check_demand(check: RecordCheck) -> None:
    """Employers' manpower demand rows; other types have none."""
    raw_rows = check.raw.get("demand")
    check.values["demand"] = []
    if raw_rows in (None, "", []):
        return
    if not isinstance(raw_rows, list):
        check.fail(_("demand must be a list of rows."))
        return
    rows = [_demand_row(check, index, row) for index, row in enumerate(raw_rows, start=1)]
    check.values["demand"] = [row for row in rows if row is not None]
    if check.values["demand"] and check.type != "employer":
        check.fail(_("Only employer records have demand rows."))


def _detail_clean(check: RecordCheck, model, name: str, value):
    if name in RICH_TEXT_DETAILS:
        return str(value).strip()
    try:
        return json_value(model._meta.get_field(name).clean(value, None))
    except ValidationError as exc:
        check.fail(
            _("details.%(name)s: %(problem)s"),
            name=name,
            problem="; ".join(str(m) for m in exc.messages),
        )
        return None


def check_details(check: RecordCheck) -> None:
    """The type-specific values under ``details``, cleaned by the type's own model fields."""
    raw_details = check.raw.get("details")
    check.values["details"] = {}
    if raw_details in (None, "", {}):
        raw_details = {}
    if not isinstance(raw_details, dict):
        check.fail(_("details must be an object."))
        return
    resource_type = check.type
    if resource_type not in RESOURCE_TYPES:
        return
    allowed = DETAIL_FIELDS.get(resource_type, ())
    unknown = sorted(set(raw_details) - set(allowed))
    if unknown:
        check.fail(
            _("Unknown details for %(type)s: %(names)s (allowed: %(allowed)s)."),
            type=resource_type,
            names=", ".join(unknown),
            allowed=", ".join(allowed) or "-",
        )
        return
    model = RESOURCE_TYPES[resource_type]
    details = details_defaults(resource_type)
    for name, value in raw_details.items():
        if value is not None and value != "":
            cleaned = _detail_clean(check, model, name, value)
            if cleaned is not None:
                details[name] = cleaned
    check.values["details"] = details


def check_simulator_grading(check: RecordCheck) -> None:
    details = check.values["details"]
    if details.get("is_graded") and not details.get("max_score"):
        check.fail(_("A graded simulator needs details.max_score."))


COLUMN_CHECKS: tuple[Callable[[RecordCheck], None], ...] = (
    check_columns,
    check_texts,
    check_identity,
    check_home_field,
    check_lists,
    check_languages,
    check_codes,
    check_year,
    check_licence,
    check_url,
    check_file,
    check_demand,
    check_details,
)
TYPE_CHECKS: dict[str, tuple[Callable[[RecordCheck], None], ...]] = {
    "simulator": (check_simulator_grading,),
}


def record_validate(
    *, number: int, raw: dict, vocabulary: Vocabulary, folder: ImportFolder | None
) -> tuple[ImportRecord | None, list[str]]:
    """Checks one raw record; returns the normalised record or the list of what is wrong."""
    check = RecordCheck(raw=raw, vocabulary=vocabulary, folder=folder)
    for checker in COLUMN_CHECKS:
        checker(check)
    for checker in TYPE_CHECKS.get(check.type, ()):
        checker(check)
    if check.errors:
        return None, check.errors
    values = check.values
    values["details"] = details_compact(values["details"])
    return ImportRecord(line=number, **{name: values[name] for name in COLUMNS}), []
