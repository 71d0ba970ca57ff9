"""Writing validated records onto pages: what a record sets on a page, and the update of pages
that exist already (through Wagtail's ordinary revisions; unchanged ones are skipped)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from intelligent_center.messages import bilingual

from ..models import (
    RESOURCE_TYPES,
    FieldOfStudy,
    Industry,
    KnowledgeBankPage,
    Level,
    ManpowerDemand,
)
from .documents import ImportAborted, document_hash, file_sha1
from .export import page_to_record, resources_export_queryset
from .records import (
    BATCH_SIZE,
    FILE_FIELD,
    RICH_TEXT_DETAILS,
    URL_FIELD,
    ImportRecord,
    Progress,
    RecordError,
    comparable,
    details_defaults,
)
from .richtext import body_to_richtext


@dataclass
class Lookups:
    """The rows records point at, loaded once per import."""

    fields: dict[str, FieldOfStudy]
    industries: dict[str, Industry]
    levels: dict[str, Level]
    banks: dict[int, KnowledgeBankPage]
    tags: dict[str, Tag]

    @classmethod
    def load(cls, records: list[ImportRecord]) -> Lookups:
        fields = {f.code.upper(): f for f in FieldOfStudy.objects.all()}
        field_ids = {fields[r.field].pk for r in records}
        banks = {b.field_id: b for b in KnowledgeBankPage.objects.filter(field_id__in=field_ids)}
        # Validated before, but a bank deleted since then must not end in a KeyError.
        missing = [r for r in records if fields[r.field].pk not in banks]
        if missing:
            raise ImportAborted(
                [
                    RecordError(
                        r.line,
                        r.external_id,
                        bilingual(
                            _("Field %(code)s has no knowledge bank any more."), code=r.field
                        ),
                    )
                    for r in missing
                ]
            )
        return cls(
            fields=fields,
            industries={i.code: i for i in Industry.objects.all()},
            levels={level.code: level for level in Level.objects.all()},
            banks=banks,
            tags=tags_ensure({name for r in records for name in r.keywords}),
        )


def tags_ensure(names: set[str]) -> dict[str, Tag]:
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


def record_apply(page, record: ImportRecord, lookups: Lookups, documents: dict) -> None:
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


def m2m_objects(record: ImportRecord, lookups: Lookups) -> dict[str, list]:
    return {
        "other_fields": [lookups.fields[code] for code in record.fields],
        "industries": [lookups.industries[code] for code in record.industries],
        "levels": [lookups.levels[code] for code in record.levels],
    }


def m2m_values(record: ImportRecord, lookups: Lookups) -> dict[str, list[int]]:
    return {name: [obj.pk for obj in objs] for name, objs in m2m_objects(record, lookups).items()}


def demand_rows(record: ImportRecord, lookups: Lookups) -> list[dict]:
    return [
        {**row, "level_id": lookups.levels[row["level"]].pk if row["level"] else None}
        for row in record.demand
    ]


def page_matches(page, record: ImportRecord) -> bool:
    current = page_to_record(page=page)
    wanted = record.as_dict()
    if record.file:
        # The same file content is the same file, wherever it was read from.
        current_file = current.pop("file", "")
        wanted_file = wanted.pop("file")
        if not current_file or file_sha1(wanted_file) != document_hash(page, record.type):
            return False
    return comparable(current) == comparable(wanted)


def _page_update(page, record: ImportRecord, lookups: Lookups, documents, *, publish, user):
    page = page.get_latest_revision_as_object() if not publish else page
    record_apply(page, record, lookups, documents)
    for name, objs in m2m_objects(record, lookups).items():
        setattr(page, name, objs)
    page.keywords.set([lookups.tags[name] for name in record.keywords])
    if record.type == "employer":
        page.manpower_demands = [
            ManpowerDemand(
                year=row["year"],
                position=row["position"],
                headcount=row["headcount"],
                level_id=row["level_id"],
                competencies=row["competencies"],
                sort_order=index,
            )
            for index, row in enumerate(demand_rows(record, lookups))
        ]
    revision = page.save_revision(user=user, log_action=True, clean=False)
    if publish:
        revision.publish(user=user)
    return page.pk


def pages_update(
    *,
    records: list[ImportRecord],
    lookups: Lookups,
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
            if page_matches(page, record):
                unchanged += 1
                continue
            updated.append(
                _page_update(page, record, lookups, documents, publish=publish, user=user)
            )
            if progress and len(updated) % 100 == 0:
                progress(f"  updated {len(updated)}")
    return updated, unchanged
