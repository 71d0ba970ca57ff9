"""The interface every search engine implements. Only :mod:`search.query` calls it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from search.index import IndexDocument


@dataclass(frozen=True)
class EngineQuery:
    """What the query service asks an engine for (already analysed, engine-neutral).

    ``clauses`` is an OR of alternatives: each clause is a tuple of phrases (synonyms of one
    another), each phrase a tuple of tokens. ``weights`` holds one IDF-like weight per clause.
    """

    clauses: tuple[tuple[tuple[str, ...], ...], ...] = ()
    weights: tuple[float, ...] = ()
    # Indices of clauses of which a document must contain at least one (empty: any clause).
    required: tuple[int, ...] = ()
    grams: tuple[str, ...] = ()
    filters: tuple[tuple[str, tuple[str, ...]], ...] = ()
    audience: tuple[str, ...] | None = ("public",)
    facets: tuple[str, ...] = ()
    sort: str = "relevance"
    offset: int = 0
    limit: int = 10
    exclude_page_ids: tuple[int, ...] = ()

    @property
    def has_text(self) -> bool:
        return bool(self.clauses or self.grams)


@dataclass
class EngineHit:
    page_id: int
    score: float
    source: dict


@dataclass
class EngineResult:
    total: int
    hits: list[EngineHit] = field(default_factory=list)
    facets: dict[str, dict[str, int]] = field(default_factory=dict)


@dataclass
class EngineStatus:
    backend: str
    documents: int
    detail: dict = field(default_factory=dict)


class SearchBackend:
    name = "base"

    # --- writing ---------------------------------------------------------------------------
    def index_documents(self, documents: list[IndexDocument]) -> int:
        raise NotImplementedError

    def index_stream(self, batches: Iterable[list[IndexDocument]]) -> Iterator[int]:
        """Index batch after batch (bulk work: rebuilds, benchmarks), yielding how many documents
        each batch indexed. Backends may overlap the batches' analysis and writing."""
        for batch in batches:
            yield self.index_documents(batch)

    def delete_documents(self, page_ids: list[int]) -> int:
        raise NotImplementedError

    def rebuild_begin(self) -> object:
        """Start a rebuild; the current index keeps answering queries until ``rebuild_finish``."""
        raise NotImplementedError

    def rebuild_index(self, handle: object, documents: list[IndexDocument]) -> int:
        raise NotImplementedError

    def rebuild_stream(
        self, handle: object, batches: Iterable[list[IndexDocument]]
    ) -> Iterator[int]:
        """:meth:`rebuild_index` batch after batch, yielding how many each indexed."""
        for batch in batches:
            yield self.rebuild_index(handle, batch)

    def rebuild_finish(self, handle: object, *, seen_page_ids: set[int]) -> None:
        raise NotImplementedError

    def clear(self) -> None:
        raise NotImplementedError

    # --- reading ---------------------------------------------------------------------------
    def search(self, query: EngineQuery) -> EngineResult:
        raise NotImplementedError

    def autocomplete(
        self, *, tokens: list[str], prefix: str, audience: tuple[str, ...] | None, limit: int
    ) -> list[dict]:
        raise NotImplementedError

    def document_frequencies(self, terms: list[str]) -> tuple[int, dict[str, int]]:
        """(number of documents, df of each term)."""
        raise NotImplementedError

    def vocabulary_candidates(self, term: str, *, limit: int = 500) -> list[tuple[str, int]]:
        """Indexed terms that could be what ``term`` was meant to be (for "did you mean")."""
        raise NotImplementedError

    def document_source(self, page_id: int) -> dict | None:
        raise NotImplementedError

    def indexed_page_ids(self) -> set[int]:
        raise NotImplementedError

    def status(self) -> EngineStatus:
        raise NotImplementedError
