"""Saving checked lines: all of them in one transaction, or none with every error."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import translation

from intelligent_center.messages import bilingual

from .. import permissions
from ..models import EmployerDemand, Establishment, SupplyRecord
from .checking import check_lines
from .reading import read_table
from .specs import SPECS, SUPPLY_COUNTS, ImportFileError, ImportResult, LineError, Spec


def _may_edit(establishment: Establishment, codes) -> bool:
    """A new establishment, or one recorded by a field the importer manages. Establishments are
    shared (one per name and province): a row may point at another field's, never change it."""
    return establishment.pk is None or codes is permissions.ALL or establishment.field.code in codes


def _establishment(values: dict, cache: dict, codes) -> Establishment:
    key = (values["establishment"], values["province"])
    if key not in cache:
        cache[key] = Establishment.objects.select_related("field").filter(
            name_th=values["establishment"], province_th=values["province"]
        ).first() or Establishment(
            name_th=values["establishment"],
            province_th=values["province"],
            field=values["field"],
            industry=values.get("industry"),
        )
    establishment = cache[key]
    if (
        values.get("industry")
        and establishment.industry_id is None
        and _may_edit(establishment, codes)
    ):
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
        establishment = _establishment(values, cache, codes)
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
        instance.establishment = _establishment(values, cache, codes)
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
    rows, errors = check_lines(spec, header, body, user=user)
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
                if _may_edit(establishment, codes):
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
