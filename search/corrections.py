"""Honest spelling corrections around the query service.

When the words as typed find nothing, the results may be shown for a corrected spelling ("did you
mean" words the index knows) or, failing that, for similar spellings (character trigrams). Either
way the caller learns which, so the page can say "Showing results for X — search for Y instead"
and link to the words as typed (``correct=False``: no correction, no similar spellings).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from . import analysis
from .query import SearchQuery, SearchResults, search_run


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
    """:func:`search.query.search_run`, correcting the spelling only when the words find nothing
    (and ``correct``), and saying so."""
    text = query.text.strip()
    typed = search_run(query=replace(query, fuzzy=False))
    suggestion = typed.suggestion
    if suggestion and same_words(suggestion, text):
        suggestion = None
    typed.suggestion = suggestion
    if typed.count or not text or not correct:
        return CorrectedSearch(results=typed, original=text, suggestion=suggestion)
    if suggestion:
        corrected = search_run(query=replace(query, text=suggestion, fuzzy=False))
        if corrected.count:
            corrected.suggestion = None
            return CorrectedSearch(results=corrected, original=text, corrected=suggestion)
    similar = search_run(query=replace(query, fuzzy=True))
    if similar.count:
        similar.suggestion = None
        return CorrectedSearch(results=similar, original=text, approximate=similar.approximate)
    # The suggestion finds nothing either: offering it would lead nowhere.
    typed.suggestion = None
    return CorrectedSearch(results=typed, original=text)
