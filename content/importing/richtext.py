"""The import format's plain text ↔ Wagtail rich text (blank lines separate paragraphs)."""

from __future__ import annotations

import html
import re

from django.utils.html import strip_tags


def body_to_richtext(text: str) -> str:
    """Plain text → rich text: blank lines separate paragraphs, single newlines become <br/>."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    return "".join(
        "<p>" + "<br/>".join(html.escape(line) for line in p.splitlines()) + "</p>"
        for p in paragraphs
    )


def richtext_to_body(value: str) -> str:
    """Rich text → the plain text of the import format (inverse of :func:`body_to_richtext`)."""
    if not value:
        return ""
    value = re.sub(r"<br\s*/?>", "\n", value)
    value = re.sub(r"</(p|h[1-6]|li|blockquote)>", "\n\n", value)
    text = html.unescape(strip_tags(value))
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "\n\n".join(paragraphs)
