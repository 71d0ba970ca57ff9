"""The query service: the only module that calls a search engine.

Callers (the /search/ page, the search API, the LTI picker, related resources on detail pages)
build a typed :class:`SearchQuery` and get a typed :class:`SearchResults`. Analysis, synonyms,
query planning, facet labels, snippets and "did you mean" happen here, the same for every backend.
"""

from __future__ import annotations

import difflib
import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Literal

from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext_noop

from intelligent_center.messages import bilingual

from . import analysis
from .backends import get_backend
from .backends.base import EngineHit, EngineQuery
from .index import FACETS, audience_of_user
from .planning import expand_clauses, plan_text, synonym_groups, synonyms_clear_cache
from .snippets import snippet_make

# Planning and snippets live in their own modules; these names stay importable from here.
__all__ = [
    "PlanningLookups",
    "SearchHit",
    "SearchQuery",
    "SearchResults",
    "expand_clauses",
    "search_autocomplete",
    "search_related",
    "search_run",
    "snippet_make",
    "suggestion_make",
    "synonym_groups",
    "synonyms_clear_cache",
]

Sort = Literal["relevance", "newest"]
SORTS = ("relevance", "newest")
MAX_PAGE_SIZE = 50
MAX_PAGE = 500
MAX_FILTER_VALUES = 20
UNKNOWN_FILTER = gettext_noop("Unknown %(facet)s ignored: %(values)s")
PUNCTUATION_ONLY = gettext_noop("Type words to search for (the query had only punctuation).")


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    facets: tuple[str, ...] = FACETS
    page: int = 1
    page_size: int = 10
    sort: Sort = "relevance"
    user: Any = None
    highlight: bool = True
    # When the words find nothing, look for similar spellings (character trigrams).
    fuzzy: bool = True


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class SearchHit:
    page_id: int
    external_id: str
    type: str
    type_label: str
    title: str
    title_en: str
    url: str
    snippet: SafeString
    score: float
    year: int | None = None
    # For an e-book found by words inside the book: the PDF page / EPUB chapter they are on.
    book_page: int | None = None


@dataclass
class SearchResults:
    query: SearchQuery
    count: int
    hits: list[SearchHit]
    facets: dict[str, list[FacetValue]]
    suggestion: str | None = None
    messages: list[str] = field(default_factory=list)
    page: int = 1
    page_size: int = 10
    # The hits are for similar spellings (trigram fallback), not for the words as typed.
    approximate: bool = False

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.count / self.page_size)) if self.page_size else 1


@dataclass
class AutocompleteItem:
    title: str
    title_en: str
    type: str
    type_label: str
    url: str


# ==========================================================================================
# Planning
# ==========================================================================================
def _clean_filters(filters: dict[str, list[str]]) -> tuple[dict[str, list[str]], list[str]]:
    """Known facet values only; unknown ones are dropped with a message (never an error)."""
    from .labels import facet_values_resolve

    cleaned: dict[str, list[str]] = {}
    messages: list[str] = []
    for name, values in (filters or {}).items():
        if name not in FACETS:
            continue
        values = [analysis.strip_controls(str(v)).strip() for v in values]
        values = [v for v in values if v][:MAX_FILTER_VALUES]
        if not values:
            continue
        known = facet_values_resolve(name, values)
        unknown = [v for v in values if v not in known]
        if unknown:
            messages.append(
                bilingual(UNKNOWN_FILTER, facet=_facet_title(name), values=", ".join(unknown)[:200])
            )
        if known:
            cleaned[name] = sorted(set(known.values()))
    return cleaned, messages


def _facet_title(name: str):
    from .labels import facet_titles

    return facet_titles().get(name, name)


class PlanningLookups:
    """The backend, with its document frequencies looked up once per request: query planning,
    "did you mean" and the search for a correction share the document count and every term's
    df already found (pass one to each :func:`search_run` of the same request). Terms expected
    later (``expect``) join the next lookup; the dfs of "did you mean" candidates are kept."""

    def __init__(self, backend=None):
        self.backend = backend or get_backend()
        self._documents: int | None = None
        self._dfs: dict[str, int] = {}
        self._expected: list[str] = []

    def expect(self, terms) -> None:
        self._expected += [t for t in terms if t not in self._dfs]

    def document_frequencies(self, terms: list[str]) -> tuple[int, dict[str, int]]:
        missing = [t for t in terms if t not in self._dfs]
        if missing or self._documents is None:
            wanted = analysis.unique([*missing, *(t for t in self._expected if t not in self._dfs)])
            self._documents, found = self.backend.document_frequencies(wanted)
            self._dfs.update(found)
            self._expected = []
        return self._documents, {t: self._dfs.get(t, 0) for t in terms}

    def vocabulary_candidates(self, term: str, *, limit: int = 500) -> list[tuple[str, int]]:
        candidates = self.backend.vocabulary_candidates(term, limit=limit)
        for word, df in candidates:
            self._dfs.setdefault(word, df)
        return candidates

    def __getattr__(self, name: str):
        if name == "backend":  # not yet set (e.g. while copying): no endless recursion
            raise AttributeError(name)
        return getattr(self.backend, name)


def _suggestion_terms(tokens: list[str]) -> list[str]:
    """The words "did you mean" looks up: the query's unstemmed words and their stems."""
    return analysis.unique([*tokens, *(analysis.word_key(t) for t in tokens)])


def search_run(*, query: SearchQuery, lookups: PlanningLookups | None = None) -> SearchResults:
    """Run a search (never raises on bad input: bad parts are dropped with a message)."""
    lookups = lookups or PlanningLookups()
    backend = lookups.backend
    text = analysis.clean_query(query.text)
    page_size = min(max(int(query.page_size or 10), 1), MAX_PAGE_SIZE)
    page = min(max(int(query.page or 1), 1), MAX_PAGE)
    sort = query.sort if query.sort in SORTS else "relevance"
    filters, messages = _clean_filters(query.filters)
    facets = tuple(f for f in query.facets if f in FACETS)
    audience = audience_of_user(query.user)
    if text:  # "did you mean" (when nothing is found) needs these: one lookup with the plan's
        lookups.expect(_suggestion_terms(analysis.tokens(text, stem=False)))
    clauses, weights, tokens, required = plan_text(text, lookups) if text else ([], [], [], ())
    if text and not tokens:
        messages.append(bilingual(PUNCTUATION_ONLY))
    engine_query = EngineQuery(
        clauses=tuple(clauses),
        weights=tuple(weights),
        required=required,
        filters=tuple((k, tuple(v)) for k, v in sorted(filters.items())),
        audience=tuple(audience) if audience is not None else None,
        facets=facets,
        sort=sort,
        offset=(page - 1) * page_size,
        limit=page_size,
    )
    approximate = False
    if text and not tokens:
        result_total, hits, facet_counts = 0, [], {name: {} for name in facets}
    else:
        result = backend.search(engine_query)
        if text and result.total == 0 and query.fuzzy:
            grams = tuple(analysis.unique(analysis.trigrams(text, normalized=True)))[:48]
            if grams:
                result = backend.search(_replace(engine_query, grams=grams))
                approximate = result.total > 0
        result_total, hits, facet_counts = result.total, result.hits, result.facets
    highlight_terms = {p for c in clauses for phrase in c for p in phrase}
    # The text matches elsewhere when a facet (which ignores its own filter) still counts some.
    text_matches_elsewhere = any(any(counts.values()) for counts in facet_counts.values())
    # A selected value stays listed (to be unselected) even when nothing matches it any more.
    facet_counts = {name: dict(facet_counts.get(name, {})) for name in facets}
    for name, values in filters.items():
        if name in facet_counts:
            for value in values:
                facet_counts[name].setdefault(value, 0)
    from .labels import facet_label, facet_labels

    labels = {name: facet_labels(name) for name in facets if facet_counts.get(name)}
    results = SearchResults(
        query=query,
        count=result_total,
        hits=[
            hit_from_engine(
                hit,
                snippet=snippet_make(
                    text=_snippet_source(hit.source),
                    terms=highlight_terms if query.highlight else set(),
                ),
            )
            for hit in hits
        ],
        facets={
            name: sorted(
                (
                    FacetValue(
                        value=value,
                        label=facet_label(name, value, labels=labels.get(name)),
                        count=count,
                        selected=value in filters.get(name, []),
                    )
                    for value, count in facet_counts.get(name, {}).items()
                ),
                key=lambda f: (-f.count, f.label) if name != "year" else (-int(f.value or 0),),
            )
            for name in facets
        },
        messages=messages,
        page=page,
        page_size=page_size,
        approximate=approximate,
    )
    if text and result_total == 0 and tokens and not text_matches_elsewhere:
        results.suggestion = suggestion_make(
            tokens=analysis.tokens(text, stem=False), backend=lookups
        )
    _link_book_pages(results.hits, text)
    return results


def hit_from_engine(hit: EngineHit, *, snippet: SafeString) -> SearchHit:
    """The one place a :class:`SearchHit` is made from what an engine returned."""
    from .labels import type_label

    source = hit.source
    return SearchHit(
        page_id=hit.page_id,
        external_id=source.get("external_id", ""),
        type=source.get("resource_type", ""),
        type_label=type_label(source.get("resource_type", "")),
        title=_display_title(source),
        title_en=source.get("title_en", ""),
        url=source.get("url", ""),
        snippet=snippet,
        score=round(hit.score, 4),
        year=source.get("year"),
    )


def _replace(query: EngineQuery, **changes) -> EngineQuery:
    from dataclasses import replace

    return replace(query, **changes)


def _display_title(source: dict) -> str:
    if (get_language() or "th").startswith("en") and source.get("title_en"):
        return source["title_en"]
    return source.get("title", "")


def _link_book_pages(hits: list[SearchHit], text: str) -> None:
    """Point e-book hits at the page of the book that holds the query's words (files app)."""
    book_hits = [hit for hit in hits if hit.type == "ebook"]
    if not text or not book_hits:
        return
    from wagtail.models import Page

    from files.selectors import document_page_for_query, reader_location_url

    pages = Page.objects.filter(pk__in=[hit.page_id for hit in book_hits]).specific()
    by_id = {page.pk: page for page in pages}
    for hit in book_hits:
        page = by_id.get(hit.page_id)
        number = document_page_for_query(page=page, query=text) if page else None
        if number:
            hit.book_page = number
            hit.url = reader_location_url(page, number)


def _snippet_source(source: dict) -> str:
    return "\n\n".join(p for p in (source.get("summary"), source.get("body")) if p) or ""


# ==========================================================================================
# Did you mean
# ==========================================================================================
def suggestion_make(*, tokens: list[str], backend) -> str | None:
    """Replace each word the index does not know by the closest indexed word (``tokens`` are the
    query's unstemmed words; the index keeps unstemmed forms for this)."""
    stems = {t: analysis.word_key(t) for t in tokens}
    documents, dfs = backend.document_frequencies(_suggestion_terms(tokens))
    changed = False
    corrected: list[str] = []
    for token in tokens:
        if dfs.get(token, 0) > 0 or dfs.get(stems[token], 0) > 0 or len(token) < 2:
            corrected.append(token)
            continue
        candidates = backend.vocabulary_candidates(token)
        best, best_ratio = None, 0.0
        for term, df in candidates:
            if abs(len(term) - len(token)) > 3:
                continue
            ratio = difflib.SequenceMatcher(a=token, b=term).ratio() + min(df, 1000) / 1e6
            if ratio > best_ratio:
                best, best_ratio = term, ratio
        if best and best_ratio >= 0.7:
            corrected.append(best)
            changed = True
        else:
            corrected.append(token)
    if not changed:
        return None
    return _join_tokens(corrected)


def _join_tokens(tokens: list[str]) -> str:
    out = ""
    for token in tokens:
        if out and not (analysis.THAI_RE.match(out[-1]) and analysis.THAI_RE.match(token[0])):
            out += " "
        out += token
    return out


# ==========================================================================================
# Autocomplete and related resources
# ==========================================================================================
def search_autocomplete(*, text: str, user=None, limit: int = 8) -> list[AutocompleteItem]:
    text = analysis.clean_query(text)[:100]
    toks = analysis.tokens(text, stem=False)
    if not toks:
        return []
    backend = get_backend()
    audience = audience_of_user(user)
    audience_t = tuple(audience) if audience is not None else None
    seen: dict[int, dict] = {}
    for complete, prefix in _autocomplete_attempts(text, toks):
        if len(seen) >= limit:
            break
        complete = [analysis.tokens(t)[0] if analysis.tokens(t) else t for t in complete]
        for row in backend.autocomplete(
            tokens=complete, prefix=prefix, audience=audience_t, limit=limit
        ):
            seen.setdefault(row["page_id"], row)
    from .labels import type_label

    return [
        AutocompleteItem(
            title=_display_title(row),
            title_en=row.get("title_en", ""),
            type=row.get("resource_type", ""),
            type_label=type_label(row.get("resource_type", "")),
            url=row.get("url", ""),
        )
        for row in list(seen.values())[:limit]
    ]


MAX_AUTOCOMPLETE_ATTEMPTS = 4


def _autocomplete_attempts(text: str, toks: list[str]) -> list[tuple[list[str], str]]:
    """(complete words, prefix of the word being typed) to try in turn. A Thai word typed half
    way is often cut into pieces by the segmenter (เซนเซอ → เซน เซ อ), so the last pieces of a
    Thai run are also tried joined as one prefix, longest last (at most a few attempts)."""
    if text.endswith(" "):
        return [(toks, "")]
    attempts = [(toks[:-1], toks[-1])]
    run_start = len(toks) - 1
    while run_start > 0 and analysis.THAI_RE.match(toks[run_start - 1]):
        run_start -= 1
    if analysis.THAI_RE.match(toks[-1]):
        for split in range(len(toks) - 2, run_start - 1, -1):
            attempts.append((toks[:split], "".join(toks[split:])))
    return attempts[:MAX_AUTOCOMPLETE_ATTEMPTS]


# Related resources: words of the title and keywords count this many times as those of the text.
RELATED_TITLE_WEIGHT = 3
RELATED_TERMS = 12
# Resources of other fields rank with this share of their score; any scoring below this share of
# the resource's own score (a perfect match) are left out: a list of weak matches looks like noise.
RELATED_OTHER_FIELD_FACTOR = 0.6
RELATED_MIN_SHARE = 0.2


def search_related(
    *,
    page_id: int,
    user=None,
    limit: int = 5,
    keywords: tuple[str, ...] = (),
    field_codes: tuple[str, ...] = (),
) -> list[SearchHit]:
    """More like this: the most distinctive words of a resource (its title and keywords count
    most), searched for among the other public resources, those of the same fields first. At most
    two engine queries; restricted resources are never listed (``user`` is not consulted)."""
    backend = get_backend()
    source = backend.document_source(page_id)
    if not source:
        return []
    stopwords = analysis.thai_stopwords()
    counts: Counter = Counter()
    for text, times in (
        (source.get("title", ""), RELATED_TITLE_WEIGHT),
        (source.get("title_en", ""), RELATED_TITLE_WEIGHT),
        ("\n\n".join(keywords), RELATED_TITLE_WEIGHT),
        (source.get("summary", ""), 1),
        ((source.get("body") or "")[:3000], 1),
    ):
        for token in analysis.query_tokens(text):
            if token not in stopwords:
                counts[token] += times
    if not counts:
        return []
    documents, dfs = backend.document_frequencies(list(counts))
    documents = max(documents, 1)
    scored = sorted(
        (
            (tf * math.log(1 + (documents - dfs.get(t, 0) + 0.5) / (dfs.get(t, 0) + 0.5)), t)
            for t, tf in counts.items()
            if len(t) > 1 and dfs.get(t, 0) > 1
        ),
        reverse=True,
    )[:RELATED_TERMS]
    if not scored:
        return []
    # The resource itself is searched for too: its own score is what a perfect match scores,
    # the yardstick of the others' (it is never listed).
    base = EngineQuery(
        clauses=tuple(((t,),) for _s, t in scored),
        weights=tuple(round(s, 4) for s, _t in scored),
        audience=("public",),
        limit=limit + 1,
    )
    ranked: dict[int, tuple[float, Any]] = {}
    if field_codes:
        same_field = _replace(base, filters=(("field", tuple(sorted(field_codes))),))
        for hit in backend.search(same_field).hits:
            ranked[hit.page_id] = (hit.score, hit)
    factor = RELATED_OTHER_FIELD_FACTOR if field_codes else 1.0
    for hit in backend.search(_replace(base, limit=limit * 2 + 1)).hits:
        ranked.setdefault(hit.page_id, (hit.score * factor, hit))
    own = ranked.pop(page_id, None)
    if not ranked:
        return []
    yardstick = own[0] if own else max(score for score, _hit in ranked.values())
    chosen = sorted(
        (item for item in ranked.values() if item[0] >= RELATED_MIN_SHARE * yardstick),
        key=lambda item: (-item[0], item[1].page_id),
    )[:limit]
    return [
        hit_from_engine(
            EngineHit(page_id=hit.page_id, score=score, source=hit.source),
            snippet=snippet_make(text=hit.source.get("summary", ""), terms=set(), words=24),
        )
        for score, hit in chosen
    ]
