"""New pages of an import, written in bulk under their field's bank: one insert per table per
batch, one revision and one history entry per page (tree paths and inserts: :mod:`.bulk_pages`)."""

from __future__ import annotations

import uuid
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from modelcluster.models import get_serializable_data_for_fields
from wagtail.models import Page, PageLogEntry, Revision

from ..models import RESOURCE_TYPES, ManpowerDemand
from ..slugs import thai_slugify
from .bulk_pages import ChildPaths, pages_insert, revisions_link
from .records import BATCH_SIZE, ImportRecord, Progress
from .writing import Lookups, demand_rows, m2m_values, record_apply


def _unique_slug(base: str, taken: set[str]) -> str:
    base = thai_slugify(base) or "resource"
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


def _relations_create(*, pages: list, records: list[ImportRecord], lookups: Lookups) -> None:
    through_rows: dict[type, list] = defaultdict(list)
    tag_rows: dict[type, list] = defaultdict(list)
    demands: list[ManpowerDemand] = []
    for page, record in zip(pages, records, strict=True):
        model = type(page)
        for name, ids in m2m_values(record, lookups).items():
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
        demands += [
            ManpowerDemand(
                employer_id=page.pk,
                sort_order=index,
                year=row["year"],
                position=row["position"],
                headcount=row["headcount"],
                level_id=row["level_id"],
                competencies=row["competencies"],
            )
            for index, row in enumerate(demand_rows(record, lookups))
        ]
    for model, rows in [*through_rows.items(), *tag_rows.items()]:
        model.objects.bulk_create(rows, batch_size=BATCH_SIZE * 2)
    ManpowerDemand.objects.bulk_create(demands, batch_size=BATCH_SIZE)


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


def _new_page(record: ImportRecord, paths: ChildPaths, *, now, publish: bool, user):
    bank = paths.parent
    model = RESOURCE_TYPES[record.type]
    return model(
        content_type=ContentType.objects.get_for_model(model),
        path=paths.next(),
        depth=paths.depth,
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


def _revisions_create(pages, records, lookups: Lookups, *, now, user) -> list[Revision]:
    page_content_type = ContentType.objects.get_for_model(Page)
    revisions = [
        Revision(
            content_type_id=page.content_type_id,
            base_content_type=page_content_type,
            object_id=str(page.pk),
            created_at=now,
            user=user,
            object_str=page.title,
            content=_revision_content(
                page,
                m2m_values(record, lookups),
                [lookups.tags[name].pk for name in record.keywords],
                demand_rows(record, lookups),
            ),
        )
        for page, record in zip(pages, records, strict=True)
    ]
    return Revision.objects.bulk_create(revisions, batch_size=BATCH_SIZE)


def pages_create(
    *,
    records: list[ImportRecord],
    lookups: Lookups,
    documents: dict[str, int],
    publish: bool,
    user,
    progress: Progress | None,
) -> list[int]:
    """Creates new pages in bulk under their field's bank; returns their ids."""
    now = timezone.now()
    page_content_type = ContentType.objects.get_for_model(Page)
    by_bank: dict[int, list[ImportRecord]] = defaultdict(list)
    for record in records:
        by_bank[lookups.fields[record.field].pk].append(record)
    created_ids: list[int] = []
    for field_id, bank_records in by_bank.items():
        paths = ChildPaths(lookups.banks[field_id])
        bank = paths.parent
        taken_slugs = set(
            Page.objects.filter(path__startswith=bank.path, depth=paths.depth).values_list(
                "slug", flat=True
            )
        )
        for start in range(0, len(bank_records), BATCH_SIZE * 4):
            chunk = bank_records[start : start + BATCH_SIZE * 4]
            pages = []
            for record in chunk:
                page = _new_page(record, paths, now=now, publish=publish, user=user)
                record_apply(page, record, lookups, documents)
                page.slug = _unique_slug(record.external_id, taken_slugs)
                page.url_path = f"{bank.url_path}{page.slug}/"
                pages.append(page)
            page_ids = pages_insert(pages)
            _relations_create(pages=pages, records=chunk, lookups=lookups)
            revisions = _revisions_create(pages, chunk, lookups, now=now, user=user)
            revisions_link(page_ids=page_ids, content_type=page_content_type, publish=publish)
            _log_entries_create(pages=pages, revisions=revisions, user=user, publish=publish)
            created_ids += page_ids
            if progress:
                progress(f"  created {len(created_ids)}/{len(records)}")
        paths.close()
    return created_ids
