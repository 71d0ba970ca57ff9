"""Tables of the embedded engine and the staff-editable synonym list.

``SearchDocument`` keeps what one indexed resource shows in results (raw title and text for the
snippets, type, URL, facet values). The full-text structures themselves are vendor-specific and
made by migration 0002: an FTS5 table ``search_fts`` on SQLite, a ``tsvector`` table
``search_pgfts`` with a GIN index on PostgreSQL. ``SearchTerm`` holds document frequencies
(query planning, "did you mean").
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    page_id = models.PositiveBigIntegerField(unique=True)
    external_id = models.CharField(max_length=128, blank=True, db_index=True)
    resource_type = models.CharField(max_length=32, db_index=True)
    locale = models.CharField(max_length=16, default="th")
    title = models.CharField(max_length=255)
    title_en = models.CharField(max_length=255, blank=True)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=1024, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    audience = models.CharField(max_length=255, default="public", db_index=True)
    terms = models.TextField(blank=True, help_text="unique index terms (term statistics)")
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["published_at", "id"], name="search_doc_newest")]

    def __str__(self) -> str:
        return self.title


class SearchFacet(models.Model):
    document = models.ForeignKey(SearchDocument, on_delete=models.CASCADE, related_name="facets")
    name = models.CharField(max_length=16)
    value = models.CharField(max_length=64)

    class Meta:
        indexes = [
            models.Index(fields=["name", "value", "document"], name="search_facet_nv"),
            models.Index(fields=["document", "name", "value"], name="search_facet_doc"),
        ]


class SearchTerm(models.Model):
    term = models.CharField(max_length=64, primary_key=True)
    df = models.IntegerField(default=0)


class Synonym(models.Model):
    """A group of words that mean the same (e.g. เซ็นเซอร์, sensor), applied at query time."""

    terms = models.TextField(
        _("terms"),
        help_text=_(
            "Words or phrases that mean the same, separated by commas, e.g. “เซ็นเซอร์, sensor”."
        ),
    )
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("search synonym")
        verbose_name_plural = _("search synonyms")

    def __str__(self) -> str:
        return self.terms

    @property
    def term_list(self) -> list[str]:
        return [t.strip() for t in self.terms.replace("\n", ",").split(",") if t.strip()]

    def clean(self):
        if len(self.term_list) < 2:
            raise ValidationError({"terms": _("Give at least two terms separated by commas.")})
