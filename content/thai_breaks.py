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


@functools.cache
def _dictionary() -> tuple[frozenset[str], frozenset[str]]:
    from pythainlp.corpus import thai_stopwords, thai_words

    return frozenset(thai_words()), frozenset(thai_stopwords())


def _glued(tokens: list[str]) -> list[str]:
    words, stopwords = _dictionary()
    out: list[str] = []
    for token in tokens:
        while (
            out
            and THAI.search(token)
            and token not in words
            and THAI.search(out[-1])
            and len(out[-1]) <= SHORT_PIECE
            and out[-1] not in stopwords
        ):
            token = out.pop() + token
        out.append(token)
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
