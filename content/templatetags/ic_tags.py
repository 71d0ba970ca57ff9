"""Template helpers: Buddhist-era dates, language-aware page URLs, the language switcher."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from django.utils.translation import get_language

from content import dates

register = template.Library()


@register.filter
def thai_date(value, arg: str = ""):
    """``{{ page.last_published_at|thai_date }}`` — Buddhist era in Thai; ``:"short"`` for short."""
    return dates.format_date(value, short=arg == "short")


@register.filter
def display_year(value):
    """A stored Gregorian year shown as the reader expects (พ.ศ. in Thai)."""
    return dates.format_year(value)


@register.filter
def be_year(value):
    """A Buddhist-era year (e.g. a fiscal year): as is in Thai, Gregorian in English."""
    if value in (None, ""):
        return ""
    if (get_language() or "th").startswith("th"):
        return f"พ.ศ. {value}"
    return str(int(value) - dates.BUDDHIST_ERA_OFFSET)


@register.simple_tag(takes_context=True)
def page_url(context, page) -> str:
    """The page's URL in the active language. Pages live in the Thai tree; under /en/ the same page
    is read with the English interface, so only the language prefix changes (no extra queries)."""
    url = page.get_url(request=context.get("request")) or ""
    language = get_language() or settings.LANGUAGE_CODE
    if url and language != settings.LANGUAGE_CODE and not url.startswith(f"/{language}/"):
        # translate_url resolves in the active language, so resolve as the default language.
        with translation.override(settings.LANGUAGE_CODE):
            url = translate_url(url, language)
    return url


@register.simple_tag(takes_context=True)
def switch_language_url(context, language_code: str) -> str:
    request = context.get("request")
    if request is None:
        return "/"
    return translate_url(request.get_full_path(), language_code)


@register.filter
def thai_wbr(value):
    """Break opportunities (``<wbr>``) between Thai words; pair with ``word-break: keep-all``."""
    from content.thai_breaks import thai_wbr as wbr

    return wbr(value)


@register.filter
def thai_nowrap(value):
    """Thai words in nowrap spans with zero-width spaces between them (PDFs via WeasyPrint)."""
    from content.thai_breaks import thai_nowrap as nowrap

    return nowrap(value)
