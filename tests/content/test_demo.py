"""The demo knowledge banks: three fields, every type, idempotent."""

import pytest

from content import importing
from content.demo.resources import DEMO_RECORDS, demo_resources_ensure
from content.models import RESOURCE_TYPES, EBookPage, EmployerProfilePage, ResearchPage

pytestmark = pytest.mark.django_db


def test_demo_has_every_type_in_three_fields_and_is_idempotent():
    messages: list[str] = []
    demo_resources_ensure(messages.append)
    for code in ("F64-11", "F66-17", "F64-06"):
        for key, model in RESOURCE_TYPES.items():
            assert model.objects.live().filter(home_field__code=code).count() >= 2, (code, key)
    assert all(e.manpower_demands.exists() for e in EmployerProfilePage.objects.all())
    assert ResearchPage.objects.get(external_id="demo-f64-11-research-1").report is not None
    assert EBookPage.objects.filter(cover_image__isnull=False).count() == 6
    messages.clear()
    demo_resources_ensure(messages.append)
    assert messages == [f"Demo resources: 0 created, 0 updated, {len(DEMO_RECORDS)} unchanged"]


def test_import_dicts_is_all_or_nothing():
    report = importing.resources_import_dicts(
        records=[
            {"external_id": "d-1", "type": "ebook", "title": "ก", "field": "F64-11"},
            {"external_id": "d-2", "type": "ebook", "title": "ข", "field": "nope"},
        ]
    )
    assert [e.line for e in report.errors] == [2]
    assert not EBookPage.objects.filter(external_id__startswith="d-").exists()
