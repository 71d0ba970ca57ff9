"""Text out of e-books: one entry per PDF page (pypdfium2) or EPUB chapter (EbookLib)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from .thai import normalise_thai


class ExtractionError(Exception):
    pass


@dataclass(frozen=True)
class ExtractedPart:
    number: int  # 1-based page or chapter number
    text: str
    label: str = ""


def pdf_pages(path: str) -> Iterator[ExtractedPart]:
    """Yield each page's normalised text; one page in memory at a time."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        raise ExtractionError(str(exc)) from exc
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            try:
                textpage = page.get_textpage()
                try:
                    raw = textpage.get_text_bounded()
                finally:
                    textpage.close()
            finally:
                page.close()
            yield ExtractedPart(number=index + 1, text=normalise_thai(raw))
    finally:
        pdf.close()


def pdf_render_first_page(path: str, *, width: int = 800):
    """Page 1 as a Pillow image, ``width`` pixels wide (the cover thumbnail)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        page = pdf[0]
        try:
            page_width = page.get_width() or 1
            bitmap = page.render(scale=width / page_width)
            return bitmap.to_pil().convert("RGB")
        finally:
            page.close()
    finally:
        pdf.close()


def _read_epub(path: str):
    import ebooklib
    from ebooklib import epub

    try:
        return epub.read_epub(path, options={"ignore_ncx": True}), ebooklib
    except Exception as exc:  # EbookLib raises many kinds of error on a broken book
        raise ExtractionError(str(exc)) from exc


def _html_text(content: bytes) -> tuple[str, str]:
    import lxml.html

    try:
        tree = lxml.html.fromstring(content)
    except Exception as exc:  # lxml raises ParserError / XMLSyntaxError on garbage
        raise ExtractionError(str(exc)) from exc
    for element in tree.xpath("//script|//style"):
        element.drop_tree()
    heading = tree.xpath("string((//h1|//h2|//h3|//title)[1])").strip()
    blocks = tree.xpath(
        "//body//*[self::p or self::h1 or self::h2 or self::h3 or self::h4 or "
        "self::li or self::td or self::pre or self::blockquote]"
    )
    if blocks and heading and blocks[0].text_content().strip() == heading:
        blocks = blocks[1:]  # the chapter title is kept as the label, not repeated in the text
    if blocks:
        text = "\n\n".join(block.text_content().strip() for block in blocks)
    else:
        text = tree.text_content()
    return heading, text


def epub_chapters(path: str) -> Iterator[ExtractedPart]:
    """Yield the spine's documents in reading order (empty ones skipped), numbered from 1."""
    book, ebooklib = _read_epub(path)
    number = 0
    for item_id, _linear in book.spine:
        item = book.get_item_with_id(item_id)
        if item is None or item.get_type() != ebooklib.ITEM_DOCUMENT:
            continue
        if "nav" in (getattr(item, "properties", None) or []) or type(item).__name__ == "EpubNav":
            continue  # the EPUB 3 navigation document is a table of contents, not a chapter
        heading, text = _html_text(item.get_content())
        text = normalise_thai(text)
        if not text and not heading:
            continue
        number += 1
        yield ExtractedPart(number=number, text=text, label=normalise_thai(heading)[:255])


def epub_chapter_count(path: str) -> int:
    return sum(1 for _part in epub_chapters(path))


def epub_cover_image(path: str) -> bytes | None:
    book, ebooklib = _read_epub(path)
    for item in book.get_items_of_type(ebooklib.ITEM_COVER):
        return item.get_content()
    for item in book.get_items_of_type(ebooklib.ITEM_IMAGE):
        if "cover" in (item.get_name() or "").lower():
            return item.get_content()
    return None
