"""Bulk indexing: the batch document builder gives exactly the per-page documents, in a number of
queries that does not grow with the pages, and scheduling coalesces a transaction's pages."""

from __future__ import annotations

import dataclasses

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from wagtail.documents import get_document_model
from wagtail.models import Page, PageViewRestriction

from content import importing
from content.importing.benchmark import benchmark_records
from content.models import RESOURCE_TYPES, EBookPage, KnowledgeBankPage, ResearchPage
from content.permissions import cvm_group_name
from files.models import DocumentText
from search import index, services
from search.backends.base import SearchBackend
from search.index import document_from_page, documents_from_pages

from .conftest import ids, run

pytestmark = pytest.mark.django_db

FIELDS = ["F64-11", "F64-01"]
CVM = cvm_group_name("F64-11")


def _import(prefix: str, per_type: int) -> list[int]:
    """``per_type`` published pages of every resource type (keywords, authors, industries,
    levels, type details, employer demand), through the bulk import."""
    records = benchmark_records(
        count=per_type * len(RESOURCE_TYPES), field_codes=FIELDS, prefix=prefix
    )
    for n, record in enumerate(records):
        if n % 4 == 3:
            record["keywords"] = []  # some pages without tags
        details = {
            "research": {"abstract": "บทคัดย่องานวิจัยระบบอัตโนมัติ"},
            "ebook": {"publisher": "สำนักพิมพ์อาชีวะ", "isbn": "9786160000000"},
            "simulator": {"equipment": "ชุดฝึก PLC"},
            "expert": {"expertise": "การเชื่อมโลหะ", "organisation": "วิทยาลัยเทคนิค"},
            "employer": {"business": "ผลิตชิ้นส่วนยานยนต์", "province": "ระยอง"},
        }.get(record["type"])
        if details:
            record["details"] = details
    report = importing.resources_import_dicts(records=records)
    assert not report.errors, report.errors
    return sorted(report.page_ids)


def _attach_book(page_id: int, *texts: tuple[int, str, str]) -> None:
    """An e-book file whose text the files app extracted (rows as extraction stores them)."""
    document = get_document_model()(title="ตำรา")
    document.file = ContentFile(b"%PDF-1.4 test", name="book.pdf")
    document.save()
    for number, label, text in texts:
        DocumentText.objects.create(document=document, number=number, label=label, text=text)
    page = EBookPage.objects.get(pk=page_id)
    page.book = document
    page.save_revision().publish()


def _restrict(page, kind: str, *groups: str) -> None:
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=kind, password="pw" if kind == "password" else ""
    )
    for name in groups:
        restriction.groups.add(Group.objects.get(name=name))


def _per_page(page_ids: list[int]) -> list[dict]:
    # Each page loaded on its own, nothing prefetched: the reference behaviour.
    return [dataclasses.asdict(document_from_page(Page.objects.get(pk=pk))) for pk in page_ids]


def _batch(page_ids: list[int]) -> list[dict]:
    pages = list(Page.objects.filter(pk__in=page_ids).order_by("pk"))  # generic pages
    return [dataclasses.asdict(doc) for doc in documents_from_pages(pages)]


def _by_type(page_ids: list[int]) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for page in Page.objects.filter(pk__in=page_ids).specific().order_by("pk"):
        found.setdefault(page.resource_type, []).append(page.pk)
    return found


def test_batch_documents_equal_per_page_documents_for_every_kind_of_page(after_commit):
    page_ids = _import("eq", per_type=2)
    by_type = _by_type(page_ids)
    assert set(by_type) == set(RESOURCE_TYPES)
    ebook, other_ebook = by_type["ebook"]
    _attach_book(ebook, (1, "", "หน้าแรกของหนังสือ"), (2, "บทที่ 2", "ระบบนิวแมติกส์"))
    _attach_book(other_ebook)  # a file without extracted text
    research = by_type["research"]
    _restrict(Page.objects.get(pk=research[0]), PageViewRestriction.GROUPS, "OVEC", CVM)
    _restrict(Page.objects.get(pk=research[1]), PageViewRestriction.LOGIN)
    _restrict(Page.objects.get(pk=by_type["simulator"][0]), PageViewRestriction.PASSWORD)
    # A restriction on a bank applies to everything under it (an ancestor's restriction).
    bank = KnowledgeBankPage.objects.get(field__code=FIELDS[1])
    _restrict(bank, PageViewRestriction.GROUPS, "OVEC")
    # Group restrictions along one page's path intersect (here: to nobody but superusers).
    _restrict(Page.objects.get(pk=by_type["employer"][1]), PageViewRestriction.GROUPS, CVM)
    _restrict(Page.objects.get(pk=by_type["expert"][0]), PageViewRestriction.LOGIN)

    expected = _per_page(page_ids)
    assert _batch(page_ids) == expected

    # The fixture really covers what the batch code reads in bulk.
    docs = {doc["page_id"]: doc for doc in expected}
    assert "ระบบนิวแมติกส์" in docs[ebook]["body"] and "บทที่ 2" in docs[ebook]["body"]
    ovec, cvm = (f"group:{Group.objects.get(name=name).pk}" for name in ("OVEC", CVM))
    assert docs[research[0]]["audience"] == sorted([ovec, cvm])
    assert docs[research[1]]["audience"] == [ovec]  # its bank's groups rule over its login
    assert docs[by_type["simulator"][0]]["audience"] == ["superuser"]  # password
    assert docs[by_type["employer"][1]]["audience"] == ["superuser"]  # OVEC ∩ CVM
    assert docs[by_type["expert"][0]]["audience"] == ["login"]
    assert docs[by_type["econtent"][0]]["audience"] == ["public"]
    assert any(doc["keywords"] for doc in expected) and any(not d["keywords"] for d in expected)
    assert all(doc["authors"] and doc["url"] for doc in expected)
    assert "ระยอง" in docs[by_type["employer"][0]]["extra"]
    assert "การเชื่อมโลหะ" in docs[by_type["expert"][1]]["extra"]


def test_an_alias_is_checked_through_its_source_page():
    # Resources cannot be aliased (their external_id is unique), but Wagtail resolves aliases in
    # a page's path, and so must the batch.
    source = Page.get_first_root_node().add_child(instance=Page(title="ต้นฉบับ", slug="source"))
    alias = source.create_alias(update_slug="alias")
    _restrict(source, PageViewRestriction.LOGIN)
    pages = [Page.objects.get(pk=alias.pk), Page.objects.get(pk=source.pk)]
    expected = {page.pk: index.audience_of_page(page) for page in pages}
    assert expected == {alias.pk: ["login"], source.pk: ["login"]}
    assert index.audiences_of_pages(pages) == expected


def test_book_text_is_cut_like_the_per_page_text():
    page_ids = _import("long", per_type=1)
    ebook = _by_type(page_ids)["ebook"][0]
    chunk = "ก" * 30_000
    _attach_book(ebook, *[(n, f"บท {n}" if n % 2 else "", chunk) for n in range(1, 8)])
    expected = _per_page([ebook])
    assert len(expected[0]["body"]) > index.MAX_BODY_CHARS
    assert _batch([ebook]) == expected


def _queries(page_ids: list[int], call) -> int:
    with CaptureQueriesContext(connection) as queries:
        call(page_ids)
    return len(queries)


def _decorate(page_ids: list[int]) -> None:
    """The same features in any set: restricted pages, an e-book with text."""
    by_type = _by_type(page_ids)
    _attach_book(by_type["ebook"][0], (1, "", "ข้อความในหนังสือ"))
    _restrict(Page.objects.get(pk=by_type["research"][0]), PageViewRestriction.GROUPS, "OVEC")
    _restrict(Page.objects.get(pk=by_type["research"][-1]), PageViewRestriction.LOGIN)


def test_batch_query_count_does_not_grow_with_the_pages():
    small = _import("small", per_type=1)
    large = _import("large", per_type=6)
    _decorate(small)
    _decorate(large)

    def build(page_ids):
        assert len(documents_from_pages(Page.objects.filter(pk__in=page_ids))) == len(page_ids)

    build(small)  # warms Wagtail's cached site root paths and content types
    assert _queries(small, build) == _queries(large, build)
    # And far fewer than the per-page path, which queries for every page.
    assert _queries(large, build) * 3 < _queries(large, _per_page)


class _RecordingBackend(SearchBackend):
    name = "recording"

    def __init__(self):
        self.indexed: list[int] = []
        self.deleted: list[int] = []

    def index_documents(self, documents):
        self.indexed += [doc.page_id for doc in documents]
        return len(documents)

    def delete_documents(self, page_ids):
        self.deleted += page_ids
        return len(page_ids)


def test_search_pages_index_queries_do_not_grow_and_batches_cover_everything(monkeypatch):
    backend = _RecordingBackend()
    monkeypatch.setattr(services, "get_backend", lambda: backend)
    small = _import("small", per_type=1)
    large = _import("large", per_type=6)
    _decorate(small)
    _decorate(large)

    def index(page_ids):
        services.search_pages_index(page_ids=page_ids, batch_size=1000)

    index(small)  # warms Wagtail's cached site root paths and content types
    assert _queries(small, index) == _queries(large, index)

    # In batches of 5, with a gone page (unpublished) and a bank (its pages are descendants).
    backend.indexed.clear()
    gone = Page.objects.get(pk=large[0])
    gone.unpublish()
    bank = KnowledgeBankPage.objects.get(field__code=FIELDS[0])
    run_ = services.search_pages_index(page_ids=[*large, bank.pk], batch_size=5)
    under_bank = set(Page.objects.child_of(bank).live().values_list("pk", flat=True))
    assert sorted(backend.indexed) == sorted((set(large) | under_bank) - {large[0]})
    assert large[0] in backend.deleted and bank.pk in backend.deleted
    assert run_.indexed == len(backend.indexed) and run_.removed == len(backend.deleted)


def test_rebuild_gives_the_per_page_documents(monkeypatch):
    page_ids = _import("rb", per_type=2)
    _decorate(page_ids)
    documents = []
    monkeypatch.setattr(services, "_iter_documents", _wrap(services._iter_documents, documents))
    services.search_index_rebuild(batch_size=3)
    got = sorted((dataclasses.asdict(d) for d in documents), key=lambda d: d["page_id"])
    assert got == _per_page(page_ids)
    public = [d["external_id"] for d in got if d["audience"] == ["public"]]
    assert public and sorted(ids(run("ชุดการเรียนรู้", page_size=50))) == sorted(public)


def _wrap(generator, sink: list):
    def wrapped(batch_size):
        for batch in generator(batch_size):
            sink.extend(batch)
            yield batch

    return wrapped


def _recording(monkeypatch) -> list[list[int]]:
    calls: list[list[int]] = []

    def record(*, page_ids):
        calls.append(list(page_ids))
        return services.IndexRun()

    monkeypatch.setattr(services, "search_pages_index", record)
    return calls


def test_a_transaction_schedules_one_callback_in_large_tasks(monkeypatch, after_commit):
    pages = list(ResearchPage.objects.filter(pk__in=_import("tx", per_type=2)))
    calls = _recording(monkeypatch)
    monkeypatch.setattr(services, "TASK_CHUNK_SIZE", 2)
    with after_commit():
        services.search_pages_schedule(page_ids=[10**9, 10**9 + 1])
        services.search_pages_schedule(page_ids=[10**9 + 1, 10**9 + 2])
        # Publishing one by one (as an import's updates or a bulk publish do) joins the same.
        for page in pages:
            page.save_revision().publish()
    # One sorted set of ids, cut into tasks: one callback for the whole transaction.
    assert calls == [
        sorted(page.pk for page in pages),
        [10**9, 10**9 + 1],
        [10**9 + 2],
    ]


def test_a_rolled_back_schedule_is_dropped(monkeypatch, after_commit):
    calls = _recording(monkeypatch)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.search_pages_schedule(page_ids=[7])
        raise RuntimeError
    with after_commit() as callbacks:
        services.search_pages_schedule(page_ids=[8])
        services.search_pages_schedule(page_ids=[9])
    assert len(callbacks) == 1 and calls == [[8, 9]]
    with after_commit():
        services.search_pages_schedule(page_ids=[10])
    assert calls == [[8, 9], [10]]
