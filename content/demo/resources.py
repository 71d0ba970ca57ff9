"""Demo resources and profiles for three fields (Thai first), loaded through the import staff use.

The records are data (``data/resources.jsonl``, the import format); the files they attach — e-books
and research reports with real chapters, their covers, infographics — are drawn at load time from
the texts in ``data/books/`` and ``data/infographics.json`` (see :mod:`content.demo.documents`).
Running it again changes nothing.
"""

from __future__ import annotations

import io
import json
import tempfile
from collections.abc import Callable
from pathlib import Path

from django.core.files.images import ImageFile

from content.demo import documents

Progress = Callable[[str], None]

DATA_DIR = Path(__file__).resolve().parent / "data"
RECORDS_PATH = DATA_DIR / "resources.jsonl"
INFOGRAPHICS_PATH = DATA_DIR / "infographics.json"


def demo_records() -> list[dict]:
    with RECORDS_PATH.open(encoding="utf-8") as stream:
        return [json.loads(line) for line in stream if line.strip()]


DEMO_RECORDS: list[dict] = demo_records()


def demo_pdf_bytes(title: str) -> bytes:
    """A tiny valid one-page PDF (ASCII title: the standard fonts have no Thai glyphs)."""
    text = title.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def _files_write(records: list[dict], folder: Path) -> dict[str, bytes]:
    """Draws each record's PDF into ``folder``; e-books get the page count of what was drawn.
    Returns the cover (page 1 as PNG) of each record that has a file."""
    covers = {}
    for record in records:
        name = record.get("file")
        if not name:
            continue
        pdf = documents.book_pdf(
            record=record, text_path=documents.TEXTS_DIR / f"{Path(name).stem}.txt"
        )
        (folder / name).write_bytes(pdf)
        if record["type"] == "ebook":
            record.setdefault("details", {})["page_count"] = documents.pdf_page_count(pdf)
        covers[record["external_id"]] = pdf
    return covers


def _cover_images_ensure(progress: Progress, drawn: dict[str, Callable[[], bytes]]) -> None:
    """Sets the cover of each demo page that has none (through a revision, once)."""
    from wagtail.images import get_image_model

    from content.models import RESOURCE_TYPES
    from content.services import field_collection_ensure

    Image = get_image_model()
    pages = [
        page
        for model in RESOURCE_TYPES.values()
        for page in model.objects.filter(
            external_id__in=list(drawn), cover_image__isnull=True
        ).select_related("home_field")
    ]
    for page in pages:
        png = drawn[page.external_id]()
        image = Image(
            title=f"ปก: {page.title}"[:255],
            collection=field_collection_ensure(field_of_study=page.home_field),
        )
        image.file.save(f"{page.external_id}.png", ImageFile(io.BytesIO(png), name="cover.png"))
        image.save()
        page.cover_image = image
        page.save_revision().publish()
        progress(f"  cover for {page.external_id}")


def demo_resources_ensure(progress: Progress) -> None:
    """Imports the demo records from their data file (unchanged records are skipped)."""
    from content import importing

    records = demo_records()
    infographics = json.loads(INFOGRAPHICS_PATH.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="ic-demo-") as folder:
        base = Path(folder)
        pdfs = _files_write(records, base)
        path = base / "resources.jsonl"
        path.write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
        )
        report = importing.resources_import_file(path=path)
    if report.errors:
        raise RuntimeError("Demo records are invalid: " + "; ".join(map(str, report.errors)))
    progress(
        f"Demo resources: {report.created} created, {report.updated} updated, "
        f"{report.unchanged} unchanged"
    )
    by_id = {r["external_id"]: r for r in records}
    drawn: dict[str, Callable[[], bytes]] = {
        key: (lambda pdf=pdf: documents.pdf_first_page_png(pdf)) for key, pdf in pdfs.items()
    }
    for key, data in infographics.items():
        drawn[key] = lambda key=key, data=data: documents.infographic_png(
            heading=data["heading"],
            items=data["items"],
            field=by_id[key]["field"],
            licence=by_id[key].get("licence", "cc-by"),
        )
    _cover_images_ensure(progress, drawn)
