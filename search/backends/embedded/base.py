"""What the SQLite and PostgreSQL engines share: analysis, the document, facet and term-statistics
tables, rebuilds, browsing without text, autocomplete's shape and status. Each vendor module
supplies its full-text table and how it matches, ranks and counts facets."""

from __future__ import annotations

import hashlib
import math
import secrets
from collections import Counter
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

from search import analysis, index
from search.index import GRAM_FIELDS, SEARCH_FIELDS, IndexDocument
from search.models import SearchDocument, SearchFacet, SearchTerm

from ..base import EngineHit, EngineQuery, EngineResult, EngineStatus, SearchBackend

# The number of indexed documents, kept in SearchTerm under a key no token can be (tokens never
# contain spaces).
DOCUMENT_COUNT_TERM = " documents"
# Renewed by every write: part of the key of cached counts (see ``_browse``).
GENERATION_TERM = " generation"
BROWSE_CACHE_SECONDS = 3600
# The row id comes along so hits can be matched to the ranked rows.
SOURCE_FIELDS = ("id", *index.SOURCE_FIELDS)

Ranked = list[tuple[int, float]]


def facet_key(name: str, value: str) -> str:
    """A facet as one array element of ``search_pgfts.facets``: ``name:value``."""
    return f"{name}:{value}"


def idf(*, documents: int, df: int) -> float:
    """BM25's IDF (never negative)."""
    return math.log(1 + (documents - df + 0.5) / (df + 0.5))


class EmbeddedBackend(SearchBackend):
    name = "embedded"
    vendor = ""
    # The vendor's full-text table and its document-id column.
    fts_table = ""
    fts_key = ""

    # ======================================================================================
    # Vendor hooks
    # ======================================================================================
    def _insert_fts(self, rows: list[tuple[int, dict[str, str], str, list[str]]]) -> None:
        """Insert ``(row id, analysed columns, trigrams, facet keys)`` into the full-text table."""
        raise NotImplementedError

    def _upsert_df(self, cursor, changes: list[tuple[str, int]]) -> None:
        raise NotImplementedError

    def _after_rebuild(self, cursor) -> None:
        raise NotImplementedError

    def _ranked(self, query: EngineQuery) -> tuple[Ranked, int]:
        """One page of ``(doc_id, score)`` and the number of matching documents."""
        raise NotImplementedError

    def _facet_counts(self, query: EngineQuery) -> dict[str, dict[str, int]]:
        """Counts per facet value among the matches. A facet's counts ignore that facet's own
        filter (and only it), so the other values of a facet stay visible and can be added."""
        raise NotImplementedError

    def _browse_sql(self, query: EngineQuery) -> tuple[str, str, list, str]:
        """(FROM clause with ``d`` the document, WHERE conditions, parameters, ORDER BY)."""
        raise NotImplementedError

    def _autocomplete_match(self, tokens: list[str], prefix: str) -> tuple[str, list]:
        """SQL selecting ``doc_id`` and ``score`` of the documents whose titles or authors
        hold ``tokens`` and a word starting with ``prefix``."""
        raise NotImplementedError

    @contextmanager
    def _index_first(self):
        """Whatever the vendor needs around a search's statements (nothing by default)."""
        yield

    # ======================================================================================
    # Writing
    # ======================================================================================
    def _analyse(self, doc: IndexDocument) -> tuple[dict[str, str], str, set[str]]:
        columns: dict[str, str] = {}
        terms: set[str] = set()
        for name in SEARCH_FIELDS:
            toks, surfaces = analysis.tokens_and_surfaces(
                doc.field_text(name), compounds=name in index.COMPOUND_FIELDS
            )
            columns[name] = " ".join(toks)
            terms.update(toks)
            terms.update(surfaces)
        grams: list[str] = []
        for name in GRAM_FIELDS:
            grams += analysis.trigrams(doc.field_text(name))
        return columns, " ".join(grams), terms

    def index_documents(self, documents: list[IndexDocument]) -> int:
        # Segmentation (the expensive part) happens before the transaction opens.
        return self._write_analysed(self._analyse_batch(documents))

    def index_stream(self, batches: Iterable[list[IndexDocument]]) -> Iterator[int]:
        # The next batch is segmented in a thread while this one is written: the database works
        # meanwhile (psycopg and sqlite3 release the GIL while they wait), so on two cores a
        # rebuild runs at the speed of the slower of the two instead of their sum.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="search-analysis") as pool:
            pending = None
            for batch in batches:
                future = pool.submit(self._analyse_batch, batch)
                if pending is not None:
                    yield self._write_analysed(pending.result())
                pending = future
            if pending is not None:
                yield self._write_analysed(pending.result())

    def _analyse_batch(self, documents: list[IndexDocument]) -> list[tuple]:
        return [(doc, *self._analyse(doc)) for doc in documents]

    @staticmethod
    def _document_row(doc: IndexDocument, terms: set[str], now) -> SearchDocument:
        return SearchDocument(
            page_id=doc.page_id,
            external_id=doc.external_id[:128],
            resource_type=doc.resource_type,
            locale=doc.locale,
            title=doc.title[:255],
            title_en=doc.title_en[:255],
            summary=doc.summary,
            body=doc.body,
            url=doc.url[:1024],
            year=doc.year,
            published_at=doc.published_at,
            audience=" ".join(doc.audience)[:255],
            terms=" ".join(sorted(terms)),
            indexed_at=now,
        )

    @staticmethod
    def _facet_rows(row_id: int, doc: IndexDocument) -> list[SearchFacet]:
        facets = [
            SearchFacet(document_id=row_id, name=name, value=str(v)[:64])
            for name, values in doc.facets.items()
            for v in dict.fromkeys(values)
            if v not in (None, "")
        ]
        if doc.audience != ["public"]:
            # Restricted documents are few: the filter looks them up instead of scanning the
            # audience of every public one.
            facets.append(SearchFacet(document_id=row_id, name="restricted", value="1"))
            facets += [
                SearchFacet(document_id=row_id, name="audience", value=a[:64]) for a in doc.audience
            ]
        return facets

    def _write_analysed(self, analysed: list[tuple]) -> int:
        if not analysed:
            return 0
        with transaction.atomic():
            old = list(
                SearchDocument.objects.filter(
                    page_id__in=[doc.page_id for doc, *_rest in analysed]
                ).values_list("id", "terms")
            )
            delta: Counter[str] = Counter()
            for _id, terms in old:
                delta.subtract(terms.split())
            self._delete_rows([row_id for row_id, _terms in old])
            now = timezone.now()
            rows = [self._document_row(doc, terms, now) for doc, _c, _g, terms in analysed]
            SearchDocument.objects.bulk_create(rows, batch_size=500)
            facets = []
            for row, (doc, _columns, _grams, terms) in zip(rows, analysed, strict=True):
                delta.update(terms)
                facets += self._facet_rows(row.id, doc)
            SearchFacet.objects.bulk_create(facets, batch_size=2000)
            facet_keys: dict[int, list[str]] = {}
            for facet in facets:
                facet_keys.setdefault(facet.document_id, []).append(
                    facet_key(facet.name, facet.value)
                )
            self._insert_fts_fresh(
                [
                    (row.id, columns, grams, facet_keys.get(row.id, []))
                    for row, (_d, columns, grams, _t) in zip(rows, analysed, strict=True)
                ]
            )
            delta[DOCUMENT_COUNT_TERM] += len(rows) - len(old)
            self._apply_df_delta(delta)
            self._renew_generation()
        return len(analysed)

    def _insert_fts_fresh(self, rows: list[tuple[int, dict[str, str], str, list[str]]]) -> None:
        # Rows left behind by a table flush (tests) must not collide with reused ids.
        self._delete_fts_rows([row_id for row_id, _c, _g, _f in rows])
        self._insert_fts(rows)

    def _delete_rows(self, row_ids: list[int]) -> None:
        if not row_ids:
            return
        self._delete_fts_rows(row_ids)
        SearchFacet.objects.filter(document_id__in=row_ids).delete()
        SearchDocument.objects.filter(id__in=row_ids).delete()

    def _delete_fts_rows(self, row_ids: list[int]) -> None:
        with connection.cursor() as cursor:
            for start in range(0, len(row_ids), 500):
                chunk = row_ids[start : start + 500]
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(
                    f"DELETE FROM {self.fts_table} WHERE {self.fts_key} IN ({marks})",  # noqa: S608
                    chunk,
                )

    def _apply_df_delta(self, delta: Counter[str]) -> None:
        truncated: Counter[str] = Counter()
        for term, n in delta.items():
            truncated[term[:64]] += n  # the column's length (two long terms may share a prefix)
        changes = [(term, n) for term, n in truncated.items() if n]
        if not changes:
            return
        with connection.cursor() as cursor:
            self._upsert_df(cursor, changes)
            if any(n < 0 for _t, n in changes):
                cursor.execute("DELETE FROM search_searchterm WHERE df <= 0")

    def delete_documents(self, page_ids: list[int]) -> int:
        with transaction.atomic():
            old = list(
                SearchDocument.objects.filter(page_id__in=page_ids).values_list("id", "terms")
            )
            delta: Counter[str] = Counter()
            for _id, terms in old:
                delta.subtract(terms.split())
            self._delete_rows([row_id for row_id, _t in old])
            delta[DOCUMENT_COUNT_TERM] -= len(old)
            self._apply_df_delta(delta)
            if old:
                self._renew_generation()
        return len(old)

    # The embedded index is rebuilt in place, batch by batch: each batch replaces its documents in
    # one transaction, so every query during a rebuild sees a complete document set.
    def rebuild_begin(self) -> object:
        return None

    def rebuild_index(self, handle: object, documents: list[IndexDocument]) -> int:
        return self.index_documents(documents)

    def rebuild_stream(
        self, handle: object, batches: Iterable[list[IndexDocument]]
    ) -> Iterator[int]:
        return self.index_stream(batches)

    def rebuild_finish(self, handle: object, *, seen_page_ids: set[int]) -> None:
        stale_list = sorted(self.indexed_page_ids() - set(seen_page_ids))
        for start in range(0, len(stale_list), 500):
            self.delete_documents(stale_list[start : start + 500])
        with connection.cursor() as cursor:
            self._after_rebuild(cursor)

    def clear(self) -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {self.fts_table}")  # noqa: S608
            SearchFacet.objects.all().delete()
            SearchDocument.objects.all().delete()
            SearchTerm.objects.all().delete()
            self._renew_generation()

    # ======================================================================================
    # Reading
    # ======================================================================================
    def search(self, query: EngineQuery) -> EngineResult:
        if not query.has_text:
            ranked, total, facets = self._browse(query)
        else:
            with self._index_first():
                ranked, total = self._ranked(query)
                # With filters, nothing matching them still leaves the other values to count.
                wanted = query.facets and (total or query.filters)
                facets = self._facet_counts(query) if wanted else {}
        facets = {name: facets.get(name, {}) for name in query.facets}
        sources = {
            row["id"]: row
            for row in SearchDocument.objects.filter(id__in=[r[0] for r in ranked]).values(
                *SOURCE_FIELDS
            )
        }
        hits = [
            EngineHit(
                page_id=sources[doc_id]["page_id"], score=float(score), source=sources[doc_id]
            )
            for doc_id, score in ranked
            if doc_id in sources
        ]
        return EngineResult(total=total, hits=hits, facets=facets)

    def _browse(self, query: EngineQuery) -> tuple[Ranked, int, dict]:
        """Filters without text: the newest matches. Counting them and their facet values reads
        a large share of the index (all of it with no filter), so both are cached until the index
        changes (the key holds the index generation, which every write renews)."""
        source, conditions, params, order = self._browse_sql(query)
        fingerprint = repr((query.filters, query.audience, query.facets, query.exclude_page_ids))
        digest = hashlib.sha256(fingerprint.encode()).hexdigest()
        key = f"search:browse:{self.vendor}:{self._generation()}:{digest}"
        cached = cache.get(key)
        if cached is None:
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT count(*) FROM {source} WHERE {conditions}", params)  # noqa: S608
                total = cursor.fetchone()[0]
            wanted = query.facets and (total or query.filters)
            facets = self._facet_counts(query) if wanted else {}
            cached = (total, facets)
            cache.set(key, cached, BROWSE_CACHE_SECONDS)
        total, facets = cached
        ranked: Ranked = []
        if total > query.offset:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT d.id FROM {source} WHERE {conditions} ORDER BY {order} "  # noqa: S608
                    "LIMIT %s OFFSET %s",
                    [*params, query.limit, query.offset],
                )
                ranked = [(doc_id, 0.0) for (doc_id,) in cursor.fetchall()]
        return ranked, total, facets

    def _generation(self) -> int:
        found = SearchTerm.objects.filter(term=GENERATION_TERM).values_list("df", flat=True)
        return found.first() or 0

    @staticmethod
    def _renew_generation() -> None:
        # Random, not a counter: a counter would repeat after a rollback (tests) or a clear.
        SearchTerm.objects.update_or_create(
            term=GENERATION_TERM, defaults={"df": secrets.randbelow(2**31 - 1) + 1}
        )

    @staticmethod
    def _page(
        *, sql: str, params: list, count_sql: str, count_params: list, query: EngineQuery
    ) -> tuple[Ranked, int]:
        with connection.cursor() as cursor:
            cursor.execute(f"{sql} LIMIT %s OFFSET %s", [*params, query.limit, query.offset])
            rows = cursor.fetchall()
            if rows:
                total = rows[0][2]
            elif query.offset == 0:
                total = 0
            else:
                # A page past the end: count on its own (the window count came with no row).
                cursor.execute(count_sql, count_params)
                total = cursor.fetchone()[0]
        return [(doc_id, score) for doc_id, score, _total in rows], total

    def _filter_sql(
        self, query: EngineQuery, alias: str, *, facets: bool = True
    ) -> tuple[str, list]:
        """The audience and exclusion conditions, plus (``facets``) every facet filter, on the
        document id ``alias`` (through the facet table)."""
        sql: list[str] = []
        params: list = []
        if facets:
            for name, values in query.filters:
                condition, condition_params = self._facet_filter_sql(name, values, alias)
                sql.append(condition)
                params += condition_params
        if query.audience is not None:
            restricted = [a for a in query.audience if a != "public"]
            condition = (
                "NOT EXISTS (SELECT 1 FROM search_searchfacet f "  # noqa: S608
                f"WHERE f.document_id = {alias} AND f.name = 'restricted')"
            )
            if restricted:
                marks = ", ".join(["%s"] * len(restricted))
                condition = (
                    f"({condition} OR EXISTS (SELECT 1 FROM search_searchfacet f "  # noqa: S608
                    f"WHERE f.document_id = {alias} AND f.name = 'audience' "
                    f"AND f.value IN ({marks})))"
                )
                params += restricted
            sql.append(condition)
        if query.exclude_page_ids:
            marks = ", ".join(["%s"] * len(query.exclude_page_ids))
            sql.append(
                f"{alias} NOT IN (SELECT id FROM search_searchdocument "  # noqa: S608
                f"WHERE page_id IN ({marks}))"
            )
            params += list(query.exclude_page_ids)
        return (" AND ".join(sql) or "1=1"), params

    @staticmethod
    def _facet_filter_sql(name: str, values: tuple[str, ...], alias: str) -> tuple[str, list]:
        # Correlated EXISTS: one look-up per candidate in the (document, name, value) index, so a
        # filter on a common value (language=th) costs no more than one on a rare value.
        marks = ", ".join(["%s"] * len(values))
        return (
            "EXISTS (SELECT 1 FROM search_searchfacet f "  # noqa: S608
            f"WHERE f.document_id = {alias} AND f.name = %s AND f.value IN ({marks}))",
            [name, *values],
        )

    def autocomplete(
        self, *, tokens: list[str], prefix: str, audience: tuple[str, ...] | None, limit: int
    ) -> list[dict]:
        if not tokens and not prefix:
            return []
        filter_sql, filter_params = self._filter_sql(EngineQuery(audience=audience), "m.doc_id")
        match, params = self._autocomplete_match(tokens, prefix)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT m.doc_id FROM ({match}) m WHERE {filter_sql} "  # noqa: S608
                "ORDER BY m.score DESC, m.doc_id LIMIT %s",
                [*params, *filter_params, limit],
            )
            ids = [row[0] for row in cursor.fetchall()]
        rows = {
            r["id"]: r for r in SearchDocument.objects.filter(id__in=ids).values(*SOURCE_FIELDS)
        }
        return [rows[i] for i in ids if i in rows]

    def document_frequencies(self, terms: list[str]) -> tuple[int, dict[str, int]]:
        total = self._document_count()
        found = dict(SearchTerm.objects.filter(term__in=terms).values_list("term", "df"))
        return total, {t: found.get(t, 0) for t in terms}

    def _document_count(self) -> int:
        # Kept as a pseudo-term by every write, so a query does not count the whole table.
        found = SearchTerm.objects.filter(term=DOCUMENT_COUNT_TERM).values_list("df", flat=True)
        return found.first() or 0

    def vocabulary_candidates(self, term: str, *, limit: int = 500) -> list[tuple[str, int]]:
        if not term:
            return []
        qs = SearchTerm.objects.filter(term__startswith=term[0]).order_by("-df")
        return list(qs.values_list("term", "df")[:limit])

    def document_source(self, page_id: int) -> dict | None:
        rows = SearchDocument.objects.filter(page_id=page_id).values(*SOURCE_FIELDS, "terms")
        return rows.first()

    def indexed_page_ids(self) -> set[int]:
        return set(SearchDocument.objects.values_list("page_id", flat=True))

    def status(self) -> EngineStatus:
        last = SearchDocument.objects.order_by("-indexed_at").values_list("indexed_at", flat=True)
        return EngineStatus(
            backend=f"embedded ({self.vendor})",
            documents=SearchDocument.objects.count(),
            detail={
                "terms": SearchTerm.objects.exclude(
                    term__in=[DOCUMENT_COUNT_TERM, GENERATION_TERM]
                ).count(),
                "last_indexed_at": last.first(),
            },
        )
