"""Pages as import records: the export, and the comparison that lets a re-import skip a page."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

from ..models import RESOURCE_TYPES
from .records import (
    DETAIL_FIELDS,
    FILE_FIELD,
    RICH_TEXT_DETAILS,
    URL_FIELD,
    ImportRecord,
    details_compact,
    json_value,
)
from .richtext import richtext_to_body


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


class FilesCopy:
    """Copies the documents an export names into ``folder`` (once each), so the export and its
    files import again anywhere: ``file`` becomes their path relative to ``relative_to``."""

    def __init__(self, *, folder: Path, relative_to: Path):
        self.folder, self.relative_to = folder, relative_to
        self.copied: dict[int, str] = {}

    def add(self, document) -> str:
        if document.pk not in self.copied:
            target = self.folder / f"{document.pk}-{Path(document.file.name).name}"
            self.folder.mkdir(parents=True, exist_ok=True)
            with document.file.open("rb") as source, target.open("wb") as out:
                shutil.copyfileobj(source, out, length=1 << 20)
            self.copied[document.pk] = target.relative_to(self.relative_to).as_posix()
        return self.copied[document.pk]


def _file_of(page, resource_type: str, files: FilesCopy | None) -> str:
    document = getattr(page, FILE_FIELD[resource_type])
    if document is None:
        return ""
    # Without a folder to copy to, the stored name says which file it is (not importable).
    return files.add(document) if files else document.file.name


def _details_of(page, resource_type: str) -> dict:
    details = {}
    for name in DETAIL_FIELDS.get(resource_type, ()):
        value = getattr(page, name)
        details[name] = richtext_to_body(value) if name in RICH_TEXT_DETAILS else value
    return details_compact({k: json_value(v) for k, v in details.items()})


def _demand_of(page) -> list[dict]:
    return [
        {
            "year": row.year,
            "position": row.position,
            "headcount": row.headcount,
            "level": row.level.code if row.level else "",
            "competencies": row.competencies,
        }
        for row in page.manpower_demands.all()
    ]


def page_to_record(*, page, files: FilesCopy | None = None) -> dict:
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
        record.file = _file_of(page, resource_type, files)
    record.details = _details_of(page, resource_type)
    if resource_type == "employer":
        record.demand = _demand_of(page)
    return record.as_dict()


def resources_export(
    *,
    field_codes: list[str] | None = None,
    types: list[str] | None = None,
    files: FilesCopy | None = None,
) -> Iterator[dict]:
    """Every resource and profile as import records, type by type, in tree order (attached
    files copied through ``files`` when given)."""
    for key, model in RESOURCE_TYPES.items():
        if types and key not in types:
            continue
        queryset = resources_export_queryset(model=model)
        if field_codes:
            queryset = queryset.filter(home_field__code__in=field_codes)
        for page in queryset.iterator(chunk_size=500):
            yield page_to_record(page=page, files=files)
