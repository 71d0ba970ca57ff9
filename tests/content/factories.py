"""factory-boy factories for knowledge-bank resources (pages are added under their field's bank
through Wagtail's tree API and published through a revision, as the admin does)."""

from __future__ import annotations

import factory
from wagtail.models import Page

from content.models import RESOURCE_TYPES, KnowledgeBankPage


class ResourcePageFactory(factory.Factory):
    """``ResourcePageFactory(type="research", field="F64-11", ...)``."""

    class Meta:
        model = dict

    type = "research"
    field = "F64-11"
    title = factory.Sequence(lambda n: f"สื่อการเรียนรู้ที่ {n}")
    summary = "สรุปเนื้อหาสำหรับผู้เรียน"
    external_id = factory.Sequence(lambda n: f"test-{n:05d}")
    year = 2024
    publish = True

    @classmethod
    def _create(cls, model_class, *, type, field, publish, **kwargs):  # noqa: A002
        bank = KnowledgeBankPage.objects.get(field__code=field)
        model = RESOURCE_TYPES[type]
        page = model(home_field=bank.field, slug=kwargs["external_id"], live=False, **kwargs)
        bank.add_child(instance=page)
        revision = page.save_revision()
        if publish:
            revision.publish()
        page.refresh_from_db()
        return page

    _build = _create


def bank(code: str) -> KnowledgeBankPage:
    return KnowledgeBankPage.objects.get(field__code=code)


def page_count_under(code: str) -> int:
    return Page.objects.child_of(bank(code)).count()
