"""Real files for the files tests: Thai PDFs (fpdf2 + a TLWG font), EPUBs, zips, images."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

THAI_FONT = Path("/usr/share/fonts/truetype/tlwg/Loma.ttf")

# Logical Thai, and the same words as PDFs often store them: tone before vowel, NIKHAHIT + SARA AA
# instead of SARA AM, and private-use "shifted" glyphs (U+F70A: MAI EK shifted down, U+F701: SARA I
# shifted left).
WORDS_LOGICAL = ["เครื่องจักรกล", "ที่", "น้ำมัน", "ปิ้ง", "หุ่นยนต์"]
WORDS_AS_STORED = [
    "เคร\u0e48\u0e37องจักรกล",  # tone before vowel
    "ท\uf70a\u0e35",  # PUA tone mark, before vowel
    "น\u0e49\u0e4d\u0e32มัน",  # NIKHAHIT + SARA AA
    "ป\uf701\u0e49ง",  # PUA SARA I
    "ห\u0e48\u0e38นยนต์",  # tone before lower vowel
]


def thai_pdf_bytes(pages: int = 3, *, stored_words: bool = True, lines: int = 1) -> bytes:
    """A PDF whose page N says "หน้า N" and Thai words stored out of order (as PDFs do)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("Loma", fname=str(THAI_FONT))
    pdf.set_font("Loma", size=16)
    words = WORDS_AS_STORED if stored_words else WORDS_LOGICAL
    for number in range(1, pages + 1):
        pdf.add_page()
        pdf.cell(text=f"หน้า {number} page {number}", new_x="LMARGIN", new_y="NEXT")
        for line in range(lines):
            pdf.cell(text=" ".join(words) + f" {line}", new_x="LMARGIN", new_y="NEXT")
        if number == 2:
            pdf.cell(text="ข\u0e49\u0e31วต\u0e48อไฟฟ้า", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def encrypted_pdf_bytes() -> bytes:
    from fpdf import FPDF
    from fpdf.enums import EncryptionMethod

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="secret")
    pdf.set_encryption(
        owner_password="owner-pw",
        user_password="user-pw",
        encryption_method=EncryptionMethod.AES_128,
    )
    return bytes(pdf.output())


def epub_bytes(chapters: list[tuple[str, str]] | None = None) -> bytes:
    from ebooklib import epub

    chapters = chapters or [
        ("บทที่ 1 ความปลอดภัย", "ความปลอดภัยในโรงงานเป็นเรื่องสำคัญ"),
        ("บทที่ 2 เซนเซอร์", "เซนเซอร์ตรวจจับวัตถุแบบเหนี่ยวนำ"),
    ]
    book = epub.EpubBook()
    book.set_identifier("ic-test-book")
    book.set_title("หนังสือทดสอบ")
    book.set_language("th")
    items = []
    for number, (title, text) in enumerate(chapters, start=1):
        item = epub.EpubHtml(title=title, file_name=f"chap{number}.xhtml", lang="th")
        item.content = f"<html><body><h1>{title}</h1><p>{text}</p></body></html>"
        book.add_item(item)
        items.append(item)
    book.toc = items
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = ["nav", *items]
    buffer = io.BytesIO()
    epub.write_epub(buffer, book)
    return buffer.getvalue()


def zip_bytes(members: dict[str, bytes], *, symlinks: tuple[str, ...] = ()) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        for name in symlinks:
            info = zipfile.ZipInfo(name)
            info.external_attr = 0o120777 << 16
            archive.writestr(info, "/etc/passwd")
    return buffer.getvalue()


def simulator_zip_bytes(extra: dict[str, bytes] | None = None) -> bytes:
    return zip_bytes(
        {
            "index.html": (
                b'<!DOCTYPE html><html><head><meta charset="utf-8"><title>sim</title>'
                b'<script src="sim.js"></script></head><body><p>sim</p></body></html>'
            ),
            "sim.js": b"window.parent.postMessage({type:'ic.score',score:1,maxScore:1,"
            b"completed:true},'*');",
            "css/style.css": b"body{color:#123}",
            **(extra or {}),
        }
    )


def zip_bomb_bytes() -> bytes:
    return zip_bytes({"index.html": b"<html></html>", "data.txt": b"\0" * (60 * 1024 * 1024)})


def jpeg_with_exif_bytes() -> bytes:
    from PIL import Image

    image = Image.new("RGB", (1600, 1200), (200, 120, 40))
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"  # Make
    exif[0x0110] = "SecretCam"  # Model
    exif[0x8825] = {1: "N", 2: (13.0, 45.0, 0.0), 3: "E", 4: (100.0, 30.0, 0.0)}  # GPS
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def image_bomb_bytes() -> bytes:
    """A small PNG that declares 20 000 × 20 000 pixels (400 megapixels)."""
    from PIL import Image

    image = Image.new("1", (20_000, 20_000))
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()
