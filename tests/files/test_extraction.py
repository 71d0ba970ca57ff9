"""E-books: Thai text extracted per page/chapter, normalised, stored; covers; the import path."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from files import selectors, services
from files.models import DocumentInfo, DocumentText, ExtractionStatus
from files.thai import normalise_thai

from .factories import WORDS_LOGICAL, epub_bytes, thai_pdf_bytes


@pytest.mark.parametrize(
    ("stored", "logical"),
    [
        ("ก\u0e48\u0e35", "กี่"),  # tone before vowel
        ("น\u0e49\u0e4d\u0e32", "น้ำ"),  # tone, NIKHAHIT, SARA AA
        ("น\u0e4d\u0e49\u0e32", "น้ำ"),  # NIKHAHIT, tone, SARA AA
        ("ท\uf70a\u0e35", "ที่"),  # private-use shifted tone mark
        ("ป\uf701\uf70b", "ปิ้"),  # private-use vowel and tone
        ("\uf70fาณ", "ญาณ"),  # YO YING without its tail
        ("เเม่", "แม่"),  # two SARA E drawn for SARA AE
        ("\ufb01le  ว\u200bัน", "file วัน"),  # ligature, zero-width space, double spaces
    ],
)
def test_normalise_thai(stored, logical):
    assert normalise_thai(stored) == logical


def test_pdf_text_is_extracted_per_page_and_normalised(db, media_root, make_document):
    document = make_document(thai_pdf_bytes(3), "คู่มือ.pdf")
    info = DocumentInfo.objects.get(document=document)
    assert info.status == ExtractionStatus.DONE
    assert info.kind == "pdf"
    assert info.page_count == 3
    texts = list(DocumentText.objects.filter(document=document).order_by("number"))
    assert [text.number for text in texts] == [1, 2, 3]
    for text in texts:
        for word in WORDS_LOGICAL:
            assert word in text.text, (word, text.text)
        assert "\uf70a" not in text.text and "\u0e4d\u0e32" not in text.text
    assert "หน้า 2" in texts[1].text and "ขั้วต่อไฟฟ้า" in texts[1].text
    assert "ขั้วต่อไฟฟ้า" not in texts[0].text


def test_cover_is_rendered_from_page_one(db, media_root, make_document):
    document = make_document(thai_pdf_bytes(2), "book.pdf")
    cover = DocumentInfo.objects.get(document=document).cover
    assert cover is not None
    assert cover.width == services.COVER_WIDTH
    assert cover.height > cover.width  # A4 portrait
    rendition = cover.get_rendition("width-200|format-webp")
    assert rendition.width == 200


def test_selector_gives_search_the_text_with_page_numbers(
    db, media_root, make_document, make_ebook_page
):
    document = make_document(thai_pdf_bytes(3), "book.pdf")
    page = make_ebook_page(document)
    pages = selectors.document_text_for_page(page)
    assert [number for number, _text in pages] == [1, 2, 3]
    hits = [number for number, text in pages if "ขั้วต่อไฟฟ้า" in text]
    assert hits == [2]
    assert selectors.reader_location_url(page, 2).endswith("?p=2#reader")
    # A query stored out of order in the PDF is found, on the right page.
    assert selectors.document_page_for_query(page=page, query="ขั้วต่อไฟฟ้า") == 2
    assert selectors.document_page_for_query(page=page, query="ข\u0e49\u0e31วต่อ") == 2
    assert selectors.document_page_for_query(page=page, query="หน้า 3") == 3
    assert selectors.document_page_for_query(page=page, query="ไม่มีคำนี้") is None


def test_epub_chapters_are_extracted(db, media_root, make_document):
    document = make_document(epub_bytes(), "หนังสือ.epub")
    info = DocumentInfo.objects.get(document=document)
    assert (info.status, info.kind, info.page_count) == ("done", "epub", 2)
    chapters = list(DocumentText.objects.filter(document=document).order_by("number"))
    assert chapters[0].label == "บทที่ 1 ความปลอดภัย"
    assert "ความปลอดภัยในโรงงานเป็นเรื่องสำคัญ" in chapters[0].text
    assert "เหนี่ยวนำ" in chapters[1].text


def test_reprocessing_an_unchanged_document_does_nothing(db, media_root, make_document):
    document = make_document(thai_pdf_bytes(1), "book.pdf")
    first = DocumentText.objects.get(document=document).pk
    services.document_process(document=document)
    assert DocumentText.objects.get(document=document).pk == first


def test_import_path_extracts_synchronously(db, media_root, tmp_path):
    path = tmp_path / "ตำรา งานกลึง.pdf"
    path.write_bytes(thai_pdf_bytes(2))
    document = services.document_create_from_path(path=path, title="ตำรา")
    assert DocumentInfo.objects.get(document=document).status == "done"
    assert DocumentText.objects.filter(document=document).count() == 2


def test_import_path_refuses_a_bad_file_and_stores_nothing(db, media_root, tmp_path):
    from wagtail.documents import get_document_model

    from .conftest import media_files

    path = tmp_path / "fake.pdf"
    path.write_bytes(b"<!DOCTYPE html><html><body>not a pdf</body></html>")
    with pytest.raises(ValidationError) as caught:
        services.document_create_from_path(path=path, title="fake")
    assert caught.value.code == "not_pdf"
    assert get_document_model().objects.count() == 0
    assert media_files(media_root) == []


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("คู่มือ งานกลึง.pdf", "คู่มือ_งานกลึง.pdf"),
        ("ตำรา\u200b'\"<x>.epub", "ตำราx.epub"),
        ("ne\u0301e.txt", "n\u00e9e.txt"),
    ],
)
def test_file_names_keep_thai_marks(given, stored):
    from files.storage import valid_unicode_filename

    assert valid_unicode_filename(given) == stored


def test_ebook_page_opens_the_reader_on_its_cover_page(
    client, media_root, make_document, make_ebook_page
):
    document = make_document(thai_pdf_bytes(2), "book.pdf")
    page = make_ebook_page(document, slug="cover-book")
    html = client.get(page.url).content.decode()
    # The reader opens on page 1, the cover, so no second cover image is drawn beside it.
    assert 'class="cover"' not in html
    assert "data-pdf-reader" in html and f"/files/documents/{document.pk}/read/" in html
    assert "<script>" not in html  # CSP: no inline scripts
