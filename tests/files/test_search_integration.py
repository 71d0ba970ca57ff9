"""Words inside an e-book are found by search, and the hit opens the reader at their page."""

import pytest
from django.core.files.base import ContentFile

from search.query import SearchQuery, search_run

from .factories import thai_pdf_bytes

pytestmark = pytest.mark.django_db


def test_a_word_only_inside_the_book_finds_it_and_links_to_its_page(
    media_root, make_document, make_ebook_page, django_capture_on_commit_callbacks
):
    document = make_document(thai_pdf_bytes(pages=3), "คู่มือ ไฟฟ้า.pdf")
    with django_capture_on_commit_callbacks(execute=True):
        page = make_ebook_page(document, title="หนังสือทดสอบการค้นหา")

    # "ขั้วต่อไฟฟ้า" is printed on page 2 only (stored out of order in the PDF), nowhere else.
    results = search_run(query=SearchQuery(text="ขั้วต่อไฟฟ้า"))

    hit = next(h for h in results.hits if h.page_id == page.pk)
    assert hit.book_page == 2
    assert hit.url.endswith("?p=2#reader")


def test_re_extracting_a_book_reindexes_the_pages_that_use_it(
    media_root, make_document, make_ebook_page, django_capture_on_commit_callbacks
):
    document = make_document(thai_pdf_bytes(pages=1), "book.pdf")
    with django_capture_on_commit_callbacks(execute=True):
        page = make_ebook_page(document, slug="reextract", title="หนังสือสำหรับสกัดใหม่")
    assert not [
        h for h in search_run(query=SearchQuery(text="ขั้วต่อไฟฟ้า")).hits if h.page_id == page.pk
    ]

    # The same document now holds a second page with the word: extraction runs again.
    document.file.save("book.pdf", ContentFile(thai_pdf_bytes(pages=2)), save=False)
    document._set_document_file_metadata()
    with django_capture_on_commit_callbacks(execute=True):
        document.save()  # as the admin does: extraction, then reindex, after commit

    hits = search_run(query=SearchQuery(text="ขั้วต่อไฟฟ้า")).hits
    assert [h.book_page for h in hits if h.page_id == page.pk] == [2]
