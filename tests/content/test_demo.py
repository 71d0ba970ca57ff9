"""The demo knowledge banks: three fields, every type, real files, idempotent."""

import pypdfium2
import pytest

from content import importing
from content.demo.resources import DEMO_RECORDS, demo_resources_ensure
from content.models import (
    RESOURCE_TYPES,
    EBookPage,
    EContentPage,
    ELearningPage,
    EmployerProfilePage,
    ResearchPage,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    messages: list[str] = []
    demo_resources_ensure(messages.append)
    return messages


def test_demo_has_every_type_in_three_fields_and_is_idempotent(demo):
    for code in ("F64-11", "F66-17", "F64-06"):
        for key, model in RESOURCE_TYPES.items():
            assert model.objects.live().filter(home_field__code=code).count() >= 2, (code, key)
    assert all(e.manpower_demands.exists() for e in EmployerProfilePage.objects.all())
    assert ResearchPage.objects.get(external_id="demo-f64-11-research-1").report is not None
    messages: list[str] = []
    demo_resources_ensure(messages.append)
    assert messages == [f"Demo resources: 0 created, 0 updated, {len(DEMO_RECORDS)} unchanged"]


def test_every_demo_ebook_is_a_multi_page_pdf_whose_page_count_matches(demo):
    books = EBookPage.objects.select_related("book", "cover_image")
    assert books.count() == 6
    for page in books:
        with page.book.file.open("rb") as handle:
            document = pypdfium2.PdfDocument(handle.read())
        text = document[2].get_textpage().get_text_range()
        assert len(document) == page.page_count > 3, page.external_id
        assert "บทที่" in text, page.external_id  # real chapters, not a file name
        assert page.cover_image is not None, page.external_id


def test_demo_links_are_honest_and_infographics_have_their_image(demo):
    for model in (ELearningPage, EContentPage):
        for page in model.objects.all():
            assert "example" not in page.external_url + page.video_url, page.external_id
            assert page.body or page.external_url, page.external_id
    infographics = EContentPage.objects.filter(title__startswith="อินโฟกราฟิก")
    assert infographics.count() == 2
    assert all(page.cover_image is not None for page in infographics)


def test_import_dicts_is_all_or_nothing():
    report = importing.resources_import_dicts(
        records=[
            {"external_id": "d-1", "type": "ebook", "title": "ก", "field": "F64-11"},
            {"external_id": "d-2", "type": "ebook", "title": "ข", "field": "nope"},
        ]
    )
    assert [e.line for e in report.errors] == [2]
    assert not EBookPage.objects.filter(external_id__startswith="d-").exists()
