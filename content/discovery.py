"""What search engines and scholars read in a page's head: canonical and hreflang links,
OpenGraph/Twitter cards, Highwire Press ``citation_*`` tags (Google Scholar), sitemap entries."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.urls import translate_url
from django.utils import translation

SITE_LANGUAGES = ("th", "en")
OG_LOCALES = {"th": "th_TH", "en": "en_US"}
# Documents whose URL Scholar may index as the full text.
_PDF = "application/pdf"


@dataclass
class Discovery:
    canonical: str
    alternates: list[tuple[str, str]]  # (hreflang, absolute URL), x-default last
    title: str
    description: str
    og_type: str
    og_locale: str
    image: str = ""
    citation: list[tuple[str, str]] = field(default_factory=list)
    feeds: list[tuple[str, str]] = field(default_factory=list)  # (title, absolute URL)


def page_urls_by_language(page) -> dict[str, str]:
    """The page's absolute URL in each site language. Pages live in the Thai tree; under /en/
    the same page is read with the English interface, so only the language prefix differs."""
    with translation.override(settings.LANGUAGE_CODE):
        default = page.get_full_url() or ""
        return {
            language: default
            if language == settings.LANGUAGE_CODE
            else translate_url(default, language)
            for language in SITE_LANGUAGES
        }


def page_discovery(*, page, language: str) -> Discovery:
    urls = page_urls_by_language(page)
    english = language == "en"
    title = (getattr(page, "title_en", "") if english else "") or page.seo_title or page.title
    description = page.search_description or getattr(page, "summary", "") or ""
    alternates = [(code, urls[code]) for code in SITE_LANGUAGES]
    alternates.append(("x-default", urls[settings.LANGUAGE_CODE]))
    return Discovery(
        canonical=urls.get(language) or urls[settings.LANGUAGE_CODE],
        alternates=alternates,
        title=title,
        description=description[:300],
        og_type="article" if hasattr(page, "resource_type") else "website",
        og_locale=OG_LOCALES.get(language, "th_TH"),
        image=_cover_url(page),
        citation=citation_tags(page=page),
        feeds=page_feeds(page=page),
    )


def page_feeds(*, page) -> list[tuple[str, str]]:
    """The Atom feeds a page offers: every new resource, and its field's on a bank page."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    feeds = [(_("New resources"), base + reverse("feeds:all"))]
    field_of_study = getattr(page, "field", None)
    if field_of_study is not None and not hasattr(page, "resource_type"):
        feeds.append(
            (
                f"{field_of_study.full_name_th} — {_('New resources')}",
                base + reverse("feeds:field", kwargs={"field_code": field_of_study.code}),
            )
        )
    return feeds


def _cover_url(page) -> str:
    image = getattr(page, "cover_image", None)
    if image is None:
        return ""
    rendition = image.get_rendition("fill-1200x630|format-jpeg")
    return rendition.full_url


def _document_url(document) -> str:
    if document is None or document.content_type != _PDF:
        return ""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + document.url


def citation_tags(*, page) -> list[tuple[str, str]]:
    """Highwire Press tags for research and e-books, as Google Scholar's inclusion guidelines
    ask: title, each author, publication date, the PDF, the institution."""
    resource_type = getattr(page, "resource_type", "")
    if resource_type not in ("research", "ebook"):
        return []
    tags = [("citation_title", page.title)]
    if page.title_en:
        tags.append(("citation_title", page.title_en))
    tags += [("citation_author", name) for name in page.author_names]
    if page.year:
        tags.append(("citation_publication_date", str(page.year)))
    tags += [("citation_language", code) for code in page.language_codes]
    tags += [("citation_keywords", tag.name) for tag in page.keywords.all()]
    institution = page.institution.name_th if page.institution_id else ""
    if resource_type == "research":
        if institution:
            tags.append(("citation_technical_report_institution", institution))
        if page.doi:
            tags.append(("citation_doi", page.doi))
        pdf = _document_url(page.report)
    else:
        if institution:
            tags.append(("citation_publisher", institution))
        pdf = _document_url(page.book)
    if pdf:
        tags.append(("citation_pdf_url", pdf))
    tags.append(("citation_abstract_html_url", page.get_full_url() or ""))
    return tags


def sitemap_urls(page, request=None) -> list[dict]:
    """One sitemap entry per language, each naming the other as its alternate."""
    urls = page_urls_by_language(page)
    alternates = [{"location": url, "lang_code": code} for code, url in urls.items()]
    return [
        {"location": url, "lastmod": page.last_published_at, "alternates": alternates}
        for url in urls.values()
    ]


class DiscoverablePageMixin:
    """For page models: sitemap entries in both languages and ``discovery`` in the context (the
    head's canonical, hreflang, OpenGraph and citation tags; templates/includes/discovery.html)."""

    def get_sitemap_urls(self, request=None):
        return sitemap_urls(self, request)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["discovery"] = page_discovery(
            page=self, language=translation.get_language() or settings.LANGUAGE_CODE
        )
        return context
