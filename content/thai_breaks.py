"""Thai line breaking for headings and narrow cells: break opportunities between words only.

Browsers (ICU) and Pango break Thai with a dictionary and split words they do not know
("เมคคาทรอนิ|กส์"). We segment with PyThaiNLP's ``newmm``, keep each word whole in a
``white-space: nowrap`` span and mark the places between words with ``<wbr>`` (browser; the CSS
also sets ``word-break: keep-all``) or a zero-width space (WeasyPrint). ``newmm`` cuts a word
missing from its dictionary into short known pieces plus an unknown tail (เมค|คา|ทรอ|นิกส์);
an unknown piece is glued back to the short pieces before it.
"""

from __future__ import annotations

import functools
import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

THAI = re.compile("[\u0e00-\u0e7f]")
OPENING, CLOSING = "([{“‘\"'", ")]}”’\"',.:;!?%"
SHORT_PIECE = 3  # characters: newmm's pieces of an unknown word are this short
MAX_GLUED = 24  # a glued piece never grows past this (one line of a phone's heading)


# Short function words are words of their own, never syllables of a loanword (PyThaiNLP's stopword
# list also holds content syllables such as โต, so it is not used here).
FUNCTION_WORDS = frozenset(
    [
        "และ",
        "ที่",
        "ใน",
        "ของ",
        "กับ",
        "มี",
        "เป็น",
        "การ",
        "ความ",
        "ให้",
        "ได้",
        "จาก",
        "โดย",
        "หรือ",
        "แก่",
        "แห่ง",
        "ซึ่ง",
        "คือ",
        "ว่า",
        "ด้วย",
        "ต่อ",
        "แบบ",
        "เพื่อ",
        "ไป",
        "มา",
        "จะ",
        "ไม่",
        "ก็",
        "นี้",
        "นั้น",
        "ทาง",
        "ทุก",
        "สู่",
        "ถึง",
    ]
)


@functools.cache
def _dictionary() -> tuple[frozenset[str], frozenset[str]]:
    from pythainlp.corpus import thai_words

    return frozenset(thai_words()), FUNCTION_WORDS


def _glued(tokens: list[str]) -> list[str]:
    """newmm cuts a loanword it does not know into short syllables and unknown pieces
    (ออ|โต|เม|ชัน, นิว|แมติกส์): each run of such fragments is glued back into one word."""
    words, stopwords = _dictionary()

    def fragment(token: str) -> bool:
        return (
            bool(THAI.search(token))
            and token not in stopwords
            and (token not in words or len(token) <= SHORT_PIECE)
        )

    out: list[str] = []
    previous_fragment = False
    for token in tokens:
        is_fragment = fragment(token)
        if is_fragment and previous_fragment and len(out[-1]) + len(token) <= MAX_GLUED:
            out[-1] += token
        else:
            out.append(token)
        previous_fragment = is_fragment
    return out


@functools.lru_cache(maxsize=4096)
def thai_segments(text: str) -> tuple[str, ...]:
    """``text`` cut into words and the spaces between them (joined, they give ``text`` back)."""
    if not THAI.search(text):
        return (text,)
    from pythainlp.tokenize import word_tokenize

    return tuple(_glued(word_tokenize(text, engine="newmm", keep_whitespace=True)))


def _between_words(segments: tuple[str, ...], index: int) -> bool:
    before, after = segments[index - 1], segments[index]
    if before[-1] in OPENING or after[0] in CLOSING:
        return False
    return bool(before.strip() and after.strip()) and bool(
        THAI.search(before[-1]) or THAI.search(after[0])
    )


def thai_wbr(text) -> SafeString:
    """Escaped ``text`` with each Thai word in a ``<span class="tw">`` (``white-space: nowrap``:
    Chromium applies ``keep-all`` to CJK only) and ``<wbr>`` between words."""
    segments = thai_segments(str(text))
    parts = []
    for index, segment in enumerate(segments):
        if index and _between_words(segments, index):
            parts.append("<wbr>")
        if THAI.search(segment):
            parts.append(f'<span class="tw">{escape(segment)}</span>')
        else:
            parts.append(escape(segment))
    return mark_safe("".join(parts))  # noqa: S308 - every part is escaped above


def thai_nowrap(text) -> SafeString:
    """Escaped ``text`` with each Thai word in a ``<span class="w">`` (``white-space: nowrap`` in
    the stylesheet) and a zero-width space between words: for WeasyPrint."""
    segments = thai_segments(str(text))
    parts = []
    for index, segment in enumerate(segments):
        if index and _between_words(segments, index):
            parts.append("\u200b")
        if THAI.search(segment):
            parts.append(f'<span class="w">{escape(segment)}</span>')
        else:
            parts.append(escape(segment))
    return mark_safe("".join(parts))  # noqa: S308 - every part is escaped above
