"""Honest spelling corrections around the query service.

When the words as typed find nothing, the results may be shown for similar spellings (character
trigrams of Thai words) or, failing that, for a corrected spelling (words the index knows). Either
way the caller learns which, so the page can say "Showing results for X — search for Y instead"
and link to the words as typed (``correct=False``: no correction, no similar spellings).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from . import analysis
from .query import PlanningLookups, SearchQuery, SearchResults, search_run


@dataclass
class CorrectedSearch:
    results: SearchResults
    # The words as typed.
    original: str
    # The results are for these words instead of the words as typed.
    corrected: str | None = None
    # The results are for similar spellings of the words as typed.
    approximate: bool = False
    # "Did you mean": only when nothing was found and nothing was corrected; never the query.
    suggestion: str | None = None

    @property
    def is_corrected(self) -> bool:
        return bool(self.corrected) or self.approximate


def same_words(a: str, b: str) -> bool:
    """Whether two queries are the same words (case, spacing and Thai spelling normalised)."""
    return "".join(analysis.normalize(a).split()) == "".join(analysis.normalize(b).split())


def search_run_corrected(*, query: SearchQuery, correct: bool = True) -> CorrectedSearch:
    """:func:`search.query.search_run`, and what it did when the words as typed found nothing:
    with ``correct``, the results of similar spellings (the query service's trigram fallback)
    or, when those find nothing either, of the corrected spelling, each said so; without it,
    the words as typed only, with "did you mean". A query whose words match costs nothing more."""
    text = query.text.strip()
    # One set of document-frequency lookups for the search, "did you mean" and the correction.
    lookups = PlanningLookups()
    results = search_run(query=replace(query, fuzzy=correct), lookups=lookups)
    suggestion = results.suggestion
    if suggestion and same_words(suggestion, text):
        suggestion = None
    results.suggestion = suggestion
    if results.approximate:
        return CorrectedSearch(results=results, original=text, approximate=True)
    if results.count or not text or not correct or not suggestion:
        return CorrectedSearch(results=results, original=text, suggestion=suggestion)
    corrected = search_run(query=replace(query, text=suggestion, fuzzy=False), lookups=lookups)
    if corrected.count:
        corrected.suggestion = None
        return CorrectedSearch(results=corrected, original=text, corrected=suggestion)
    # The suggestion finds nothing either: offering it would lead nowhere.
    results.suggestion = None
    return CorrectedSearch(results=results, original=text)
