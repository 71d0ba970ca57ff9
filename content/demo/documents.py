"""The demo's files, drawn at load time from the texts in ``content/demo/data/``: e-books and
research reports as multi-page Thai PDFs (WeasyPrint: Pango/HarfBuzz shape Thai, with Sarabun
from npm — what ``make run`` installs — and Debian's TLWG fonts as fallback), their covers (page 1
as PNG, pypdfium2 + Pillow), and infographics (HTML → one-page PDF → PNG).

Output is deterministic for a given text, so loading the demo again finds the files unchanged, and
is kept in a small cache (keyed by the text) so that a second load does not lay the books out again.
"""

from __future__ import annotations

import hashlib
import io
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

DATA_DIR = Path(__file__).resolve().parent / "data"
TEXTS_DIR = DATA_DIR / "books"
SARABUN = Path(settings.BASE_DIR) / "node_modules" / "@fontsource" / "sarabun" / "files"
CACHE_DIR = Path(tempfile.gettempdir()) / "intelligent-center-demo-cache"
# Bump when a template or this module changes how files look (the cache key includes it).
RENDER_VERSION = "5"

FIELD_COLOURS = {"F64-11": "#0b5394", "F66-17": "#1e7846", "F64-06": "#96461e"}
FIELD_TINTS = {"F64-11": "#e8f0f8", "F66-17": "#e6f3ea", "F64-06": "#f6ece6"}
KIND_LABELS = {"ebook": "หนังสืออิเล็กทรอนิกส์", "research": "รายงานการวิจัย"}
LICENCE_LABELS = {
    "cc-by": "CC BY 4.0",
    "cc-by-sa": "CC BY-SA 4.0",
    "cc-by-nc": "CC BY-NC 4.0",
    "cc-by-nc-sa": "CC BY-NC-SA 4.0",
    "cc-by-nd": "CC BY-ND 4.0",
    "cc-by-nc-nd": "CC BY-NC-ND 4.0",
    "cc0": "CC0 1.0",
    "all-rights-reserved": "สงวนลิขสิทธิ์",
}


@dataclass(frozen=True)
class Chapter:
    heading: str
    paragraphs: list[str]


def chapters_read(path: Path) -> list[Chapter]:
    """``# heading`` lines start chapters; blank lines separate paragraphs."""
    chapters: list[Chapter] = []
    for block in path.read_text(encoding="utf-8").split("\n# "):
        heading, _, text = block.removeprefix("# ").partition("\n")
        paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
        chapters.append(Chapter(heading=heading.strip(), paragraphs=paragraphs))
    return chapters


def _cached(key_parts: list[str], suffix: str, render) -> bytes:
    key = hashlib.sha256("\x1f".join([RENDER_VERSION, *key_parts]).encode()).hexdigest()[:32]
    path = CACHE_DIR / f"{key}{suffix}"
    if path.is_file():
        return path.read_bytes()
    data = render()
    try:
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".part")
        partial.write_bytes(data)
        partial.replace(path)
    except OSError:
        pass  # a read-only temp dir only costs the next load some time
    return data


def _html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def book_pdf(*, record: dict, text_path: Path) -> bytes:
    """A book or report: a cover page in the field's colour, contents, one chapter per page."""
    code = record["field"]
    context = {
        "title": record["title"],
        "subtitle": record.get("title_en", ""),
        "authors": record.get("authors", []),
        "publisher": (record.get("details") or {}).get("publisher", ""),
        "year": record["year"] + 543 if record.get("year") else "",
        "field": code,
        "kind": KIND_LABELS.get(record["type"], ""),
        "licence": LICENCE_LABELS.get(record.get("licence", "cc-by"), ""),
        "colour": FIELD_COLOURS.get(code, "#333333"),
        "chapters": chapters_read(text_path),
        "font_dir": SARABUN.as_uri(),
    }
    html = render_to_string("content/demo/book_pdf.html", context)
    return _cached([html], ".pdf", lambda: _html_to_pdf(html))


def pdf_page_count(data: bytes) -> int:
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        return len(document)
    finally:
        document.close()


def pdf_first_page_png(data: bytes, *, width: int = 480) -> bytes:
    """Page 1 as a PNG ``width`` pixels wide (the cover of a book, the whole infographic)."""

    def render() -> bytes:
        import pypdfium2

        document = pypdfium2.PdfDocument(data)
        try:
            page = document[0]
            scale = width / page.get_width()
            image = page.render(scale=scale).to_pil()
        finally:
            document.close()
        out = io.BytesIO()
        image.convert("RGB").save(out, format="PNG", optimize=True)
        return out.getvalue()

    return _cached([hashlib.sha256(data).hexdigest(), str(width)], ".png", render)


def infographic_png(*, heading: str, items: list[list[str]], field: str, licence: str) -> bytes:
    """A one-column infographic: a coloured heading band and one box per item."""
    context = {
        "heading": heading,
        "items": items,
        "field": field,
        "licence": LICENCE_LABELS.get(licence, ""),
        "colour": FIELD_COLOURS.get(field, "#333333"),
        "tint": FIELD_TINTS.get(field, "#f2f2f2"),
        "height_mm": 60 + 40 * len(items),  # generous: the image is cropped to its content
        "font_dir": SARABUN.as_uri(),
    }
    html = render_to_string("content/demo/infographic.html", context)
    pdf = _cached([html], ".pdf", lambda: _html_to_pdf(html))
    return _cropped_to_content(pdf_first_page_png(pdf, width=900))


def _cropped_to_content(png: bytes, *, margin: int = 24) -> bytes:
    """Cuts the white space below the last box of a page drawn taller than its content."""
    from PIL import Image, ImageChops

    image = Image.open(io.BytesIO(png)).convert("RGB")
    box = ImageChops.difference(image, Image.new("RGB", image.size, "white")).getbbox()
    if box:
        image = image.crop((0, 0, image.width, min(image.height, box[3] + margin)))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
