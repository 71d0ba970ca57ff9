"""Normalise Thai text extracted from PDFs and EPUBs.

PDF producers often store Thai as the glyphs they drew: tone marks before vowels, SARA AM split
into NIKHAHIT + SARA AA, and "shifted" glyph variants from the private use area (U+F700–U+F71A,
the presentation forms of legacy Thai fonts). We map those back to standard characters, apply
Unicode NFKC (other presentation forms, ligatures), then let PyThaiNLP reorder and de-duplicate
marks.
"""

from __future__ import annotations

import re
import unicodedata

from pythainlp.util import normalize as thai_normalize

# Private-use glyph variants used by Windows / Adobe Thai fonts → the characters they draw.
_PUA_MAP = {
    0xF700: "\u0e10",  # THO THAN without its lower curl
    0xF701: "\u0e34",
    0xF702: "\u0e35",
    0xF703: "\u0e36",
    0xF704: "\u0e37",  # vowels above, shifted left
    0xF705: "\u0e48",
    0xF706: "\u0e49",
    0xF707: "\u0e4a",
    0xF708: "\u0e4b",
    0xF709: "\u0e4c",  # tone marks, shifted down-left
    0xF70A: "\u0e48",
    0xF70B: "\u0e49",
    0xF70C: "\u0e4a",
    0xF70D: "\u0e4b",
    0xF70E: "\u0e4c",  # tone marks, shifted down
    0xF70F: "\u0e0d",  # YO YING without its lower part
    0xF710: "\u0e31",  # MAI HAN-AKAT, shifted left
    0xF711: "\u0e4d",  # NIKHAHIT, shifted left
    0xF712: "\u0e47",  # MAITAIKHU, shifted left
    0xF713: "\u0e48",
    0xF714: "\u0e49",
    0xF715: "\u0e4a",
    0xF716: "\u0e4b",
    0xF717: "\u0e4c",  # tone marks, shifted left
    0xF718: "\u0e38",
    0xF719: "\u0e39",
    0xF71A: "\u0e3a",  # vowels below, shifted down
}

_TONE = "\u0e48-\u0e4b"
# NIKHAHIT and SARA AA around a tone mark, in any order, are SARA AM after the tone mark.
_SARA_AM = re.compile(rf"([{_TONE}]?)\u0e4d([{_TONE}]?)\u0e32")
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff\x00]")
_SPACES = re.compile(r"[ \t\u00a0\u3000]+")
_BLANK_LINES = re.compile(r"\n\s*\n\s*\n+")


def normalise_thai(text: str) -> str:
    """Standard Unicode Thai, in logical order, from text as PDFs store it."""
    if not text:
        return ""
    text = text.translate(_PUA_MAP)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", text)
    text = unicodedata.normalize("NFKC", text)  # splits SARA AM; rebuilt below
    text = _SARA_AM.sub(lambda match: f"{match.group(1)}{match.group(2)}\u0e33", text)
    text = thai_normalize(text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
