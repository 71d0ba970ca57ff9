"""Result snippets: an HTML-escaped excerpt around the best cluster of a hit's matched words."""

from __future__ import annotations

import html

from django.utils.safestring import SafeString, mark_safe

from . import analysis

SNIPPET_WORDS = 40
SNIPPET_SCAN_CHARS = 20_000
# Only this much text around the first match is segmented (segmenting costs ~2 µs a character).
SNIPPET_WINDOW_CHARS = 420


def snippet_make(*, text: str, terms: set[str], words: int = SNIPPET_WORDS) -> SafeString:
    """An HTML-escaped excerpt around the best cluster of matches, cut on word boundaries, with the
    matched words in ``<mark>``."""
    text = (text or "")[:SNIPPET_SCAN_CHARS]
    if not text.strip():
        return mark_safe("")  # noqa: S308 - empty
    cut_before = False
    if terms and len(text) > SNIPPET_WINDOW_CHARS:
        # Segment only a window around the first match (the whole text costs milliseconds).
        folded = text.casefold()
        positions = [p for p in (folded.find(t) for t in terms if len(t) > 1) if p >= 0]
        first = min(positions) if positions else 0
        start = max(0, first - SNIPPET_WINDOW_CHARS // 4)
        space = text.rfind(" ", max(0, start - 80), first)
        start = space + 1 if space >= 0 and start > 0 else start
        cut_before = start > 0
        text = text[start : start + SNIPPET_WINDOW_CHARS]
    spans = analysis.word_boundaries(text)
    if not spans:
        return mark_safe(html.escape(text[:200]))  # noqa: S308 - escaped
    if terms:
        is_hit = [analysis.word_key(text[a:b]) in terms for a, b in spans]
    else:
        is_hit = [False] * len(spans)
    start = 0
    if any(is_hit):
        best, best_score = 0, -1
        for i, hit in enumerate(is_hit):
            if hit:
                window = is_hit[i : i + words]
                score = sum(window)
                if score > best_score:
                    best, best_score = i, score
        start = max(0, best - 5)
    end = min(len(spans), start + words)
    out: list[str] = ["…" if start > 0 or cut_before else ""]
    position = spans[start][0]
    for i in range(start, end):
        a, b = spans[i]
        out.append(html.escape(text[position:a]))
        word = html.escape(text[a:b])
        out.append(f"<mark>{word}</mark>" if is_hit[i] else word)
        position = b
    if end < len(spans):
        out.append("…")
    snippet = "".join(out).replace("\n", " ").replace("</mark><mark>", "")
    return mark_safe(snippet)  # noqa: S308 - every piece of text above is escaped
