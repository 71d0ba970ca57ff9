"""content.importing.bulk_pages: the one module on treebeard's and Django's private API. These
fail first if an upgrade changes what it relies on (path encoding, InsertQuery, _state)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, Revision

from content.importing.bulk_pages import ChildPaths, pages_insert, revisions_link
from content.models import ELearningPage, EmployerProfilePage, KnowledgeBankPage, ResearchPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def bank():
    return KnowledgeBankPage.objects.get(field__code="F64-11")


def _new(model, paths: ChildPaths, n: int):
    return model(
        title=f"หน้า {n}",
        draft_title=f"หน้า {n}",
        slug=f"bulk-{n}",
        url_path=f"{paths.parent.url_path}bulk-{n}/",
        path=paths.next(),
        depth=paths.depth,
        numchild=0,
        locale_id=paths.parent.locale_id,
        content_type=ContentType.objects.get_for_model(model),
        home_field_id=paths.parent.specific.field_id,
        live=True,
    )


def test_child_paths_follow_the_existing_children_in_treebeard_encoding(bank):
    first = bank.add_child(instance=ResearchPage(title="มีอยู่แล้ว", home_field_id=bank.field_id))
    paths = ChildPaths(bank)
    expected_next = Page._get_path(bank.path, bank.depth + 1, Page._str2int(first.path[-4:]) + 1)
    assert paths.next() == expected_next
    assert len(expected_next) == len(first.path) and expected_next > first.path


def test_inserted_pages_make_a_valid_tree_of_specific_pages(bank):
    before = bank.numchild
    paths = ChildPaths(bank)
    pages = [_new(model, paths, n) for n, model in enumerate([ResearchPage, ELearningPage] * 3)]
    page_ids = pages_insert(pages)
    paths.close()
    assert all(not page._state.adding and page.pk == page.page_ptr_id for page in pages)
    assert {type(p) for p in Page.objects.filter(pk__in=page_ids).specific()} == {
        ResearchPage,
        ELearningPage,
    }
    bank.refresh_from_db()
    assert bank.numchild == before + 6
    assert all(not group for group in Page.find_problems())


def test_an_inserted_page_saves_as_an_update_not_a_second_row(bank):
    paths = ChildPaths(bank)
    (page,) = [_new(EmployerProfilePage, paths, 1)]
    pages_insert([page])
    paths.close()
    page.title = "แก้ไขแล้ว"
    page.save()
    assert EmployerProfilePage.objects.filter(slug="bulk-1").count() == 1
    assert Page.objects.get(pk=page.pk).title == "แก้ไขแล้ว"


@pytest.mark.parametrize("publish", [True, False])
def test_revisions_link_points_pages_at_their_newest_revision(bank, publish):
    paths = ChildPaths(bank)
    page = _new(ResearchPage, paths, 2)
    pages_insert([page])
    paths.close()
    page_type = ContentType.objects.get_for_model(Page)
    revisions = [
        Revision.objects.create(
            content_type_id=page.content_type_id,
            base_content_type=page_type,
            object_id=str(page.pk),
            object_str=page.title,
            content={},
        )
        for _ in range(2)
    ]
    revisions_link(page_ids=[page.pk], content_type=page_type, publish=publish)
    row = Page.objects.get(pk=page.pk)
    assert row.latest_revision_id == revisions[-1].pk
    assert row.live_revision_id == (revisions[-1].pk if publish else None)
