"""The embedded engine: SQLite FTS5 or PostgreSQL full-text search over PyThaiNLP-segmented text.

Text is segmented by :mod:`search.analysis` and the tokens are joined by spaces, so the engines'
own tokenisers only split on spaces (FTS5 ``ascii`` tokenizer, PostgreSQL ``simple`` config).

Ranking:
* SQLite: FTS5 ``bm25()`` with one weight per column (:data:`search.index.SEARCH_FIELDS`).
* PostgreSQL: no BM25 in core, so the score is a BM25-like sum over query clauses of
  ``idf(clause) × ts_rank(field weights, vector, clause, 1)`` (``ts_rank`` gives term frequency
  with field weights, normalisation 1 divides by the log of the document length, and the IDF comes
  from :class:`search.models.SearchTerm`). Measured with ``search_eval`` (see README).
"""

from __future__ import annotations

import math
from collections import Counter

from django.db import connection, transaction
from django.utils import timezone

from search import analysis
from search.index import GRAM_FIELDS, GRAM_WEIGHT, PG_WEIGHT_CLASS, SEARCH_FIELDS, IndexDocument
from search.models import SearchDocument, SearchFacet, SearchTerm

from .base import EngineHit, EngineQuery, EngineResult, EngineStatus, SearchBackend

FTS_COLUMNS = (*SEARCH_FIELDS.keys(), "grams")
# D (body), C (summary), B (keywords, authors, extra), A (titles). Chosen by a sweep on the dev set
# (README, "Search"): titles count twice the body; stronger title boosts lowered MRR@10.
PG_RANK_WEIGHTS = "{0.5, 0.6, 0.8, 1.0}"
PG_RANK_NORMALIZATION = 1  # divide by 1 + log(document length)
PG_RANK_FUNCTION = "ts_rank"
SOURCE_FIELDS = (
    "id",
    "page_id",
    "external_id",
    "resource_type",
    "locale",
    "title",
    "title_en",
    "summary",
    "body",
    "url",
    "year",
    "published_at",
)


def _fts_phrase(tokens: tuple[str, ...]) -> str:
    return '"' + " ".join(t.replace('"', '""') for t in tokens) + '"'


def _pg_lexeme(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def _pg_tsquery(clause: tuple[tuple[str, ...], ...]) -> str:
    """A tsquery literal: the phrases of one clause OR-ed (a phrase's tokens joined by ``<->``)."""
    return " | ".join(" <-> ".join(_pg_lexeme(t) for t in phrase) for phrase in clause)


class EmbeddedBackend(SearchBackend):
    name = "embedded"

    @property
    def vendor(self) -> str:
        return connection.vendor

    # ======================================================================================
    # Writing
    # ======================================================================================
    def _analyse(self, doc: IndexDocument) -> tuple[dict[str, str], str, set[str]]:
        columns: dict[str, str] = {}
        terms: set[str] = set()
        for name in SEARCH_FIELDS:
            toks, surfaces = analysis.tokens_and_surfaces(doc.field_text(name))
            columns[name] = " ".join(toks)
            terms.update(toks)
            terms.update(surfaces)
        grams: list[str] = []
        for name in GRAM_FIELDS:
            grams += analysis.trigrams(doc.field_text(name))
        return columns, " ".join(grams), terms

    def index_documents(self, documents: list[IndexDocument]) -> int:
        if not documents:
            return 0
        # Segmentation (the expensive part) happens before the transaction opens.
        analysed = [(doc, *self._analyse(doc)) for doc in documents]
        with transaction.atomic():
            page_ids = [doc.page_id for doc in documents]
            old = list(
                SearchDocument.objects.filter(page_id__in=page_ids).values_list("id", "terms")
            )
            delta: Counter[str] = Counter()
            for _id, terms in old:
                delta.subtract(terms.split())
            self._delete_rows([row_id for row_id, _terms in old])
            now = timezone.now()
            rows = [
                SearchDocument(
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
                for doc, _columns, _grams, terms in analysed
            ]
            SearchDocument.objects.bulk_create(rows, batch_size=500)
            facets = []
            for row, (doc, _columns, _grams, terms) in zip(rows, analysed, strict=True):
                delta.update(terms)
                for name, values in doc.facets.items():
                    facets += [
                        SearchFacet(document_id=row.id, name=name, value=str(v)[:64])
                        for v in dict.fromkeys(values)
                        if v not in (None, "")
                    ]
                if doc.audience != ["public"]:
                    # Restricted documents are few: the filter looks them up instead of scanning
                    # the audience of every public one.
                    facets.append(SearchFacet(document_id=row.id, name="restricted", value="1"))
                    facets += [
                        SearchFacet(document_id=row.id, name="audience", value=a[:64])
                        for a in doc.audience
                    ]
            SearchFacet.objects.bulk_create(facets, batch_size=2000)
            self._insert_fts(
                [
                    (row.id, columns, grams)
                    for row, (_d, columns, grams, _t) in zip(rows, analysed, strict=True)
                ]
            )
            self._apply_df_delta(delta)
        return len(documents)

    def _insert_fts(self, rows: list[tuple[int, dict[str, str], str]]) -> None:
        # Rows left behind by a table flush (tests) must not collide with reused ids.
        self._delete_fts_rows([row_id for row_id, _c, _g in rows])
        with connection.cursor() as cursor:
            if self.vendor == "sqlite":
                placeholders = ", ".join(["%s"] * (len(FTS_COLUMNS) + 1))
                cursor.executemany(
                    f"INSERT INTO search_fts(rowid, {', '.join(FTS_COLUMNS)}) "  # noqa: S608
                    f"VALUES ({placeholders})",
                    [
                        (row_id, *[columns[c] for c in SEARCH_FIELDS], grams)
                        for row_id, columns, grams in rows
                    ],
                )
            else:
                vector = " || ".join(
                    f"setweight(to_tsvector('simple', %s), '{PG_WEIGHT_CLASS[c]}')"
                    for c in SEARCH_FIELDS
                )
                cursor.executemany(
                    f"INSERT INTO search_pgfts(doc_id, vector, grams) "  # noqa: S608
                    f"VALUES (%s, {vector}, to_tsvector('simple', %s))",
                    [
                        (row_id, *[columns[c] for c in SEARCH_FIELDS], grams)
                        for row_id, columns, grams in rows
                    ],
                )

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
                table, key = (
                    ("search_fts", "rowid")
                    if self.vendor == "sqlite"
                    else ("search_pgfts", "doc_id")
                )
                cursor.execute(f"DELETE FROM {table} WHERE {key} IN ({marks})", chunk)  # noqa: S608

    def _apply_df_delta(self, delta: Counter[str]) -> None:
        changes = [(term[:64], n) for term, n in delta.items() if n]
        if not changes:
            return
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO search_searchterm(term, df) VALUES (%s, %s) "
                "ON CONFLICT(term) DO UPDATE SET df = search_searchterm.df + excluded.df",
                changes,
            )
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
            self._apply_df_delta(delta)
        return len(old)

    # The embedded index is rebuilt in place, batch by batch: each batch replaces its documents in
    # one transaction, so every query during a rebuild sees a complete document set.
    def rebuild_begin(self) -> object:
        return None

    def rebuild_index(self, handle: object, documents: list[IndexDocument]) -> int:
        return self.index_documents(documents)

    def rebuild_finish(self, handle: object, *, seen_page_ids: set[int]) -> None:
        stale = self.indexed_page_ids() - set(seen_page_ids)
        stale_list = sorted(stale)
        for start in range(0, len(stale_list), 500):
            self.delete_documents(stale_list[start : start + 500])
        if self.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")

    def clear(self) -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "DELETE FROM search_fts" if self.vendor == "sqlite" else "DELETE FROM search_pgfts"
            )
            SearchFacet.objects.all().delete()
            SearchDocument.objects.all().delete()
            SearchTerm.objects.all().delete()

    # ======================================================================================
    # Reading
    # ======================================================================================
    def _match_sql(self, query: EngineQuery, *, scored: bool) -> tuple[str, list]:
        """SQL selecting ``doc_id`` (and ``score``) of the documents matching the text."""
        if not query.has_text:
            return "SELECT id AS doc_id, 0.0 AS score FROM search_searchdocument", []
        if self.vendor == "sqlite":
            parts = []
            for clause in query.clauses:
                parts.append("(" + " OR ".join(_fts_phrase(p) for p in clause) + ")")
            text_columns = " ".join(SEARCH_FIELDS)
            expression = f"{{{text_columns}}} : ({' OR '.join(parts)})" if parts else ""
            if parts and query.required:
                # bm25() scores every phrase of the expression, so the AND only narrows the
                # candidates to documents with one of the rare clauses.
                rare = " OR ".join(parts[i] for i in query.required)
                expression = f"{{{text_columns}}} : ({rare}) AND {expression}"
            if query.grams:
                grams = "{grams} : (" + " OR ".join(_fts_phrase((g,)) for g in query.grams) + ")"
                expression = f"({expression}) OR ({grams})" if expression else grams
            weights = ", ".join(
                [str(w) for w in SEARCH_FIELDS.values()]
                + [str(GRAM_WEIGHT if query.grams else 0.0)]
            )
            score = f"-bm25(search_fts, {weights})" if scored else "0.0"
            return (
                f"SELECT rowid AS doc_id, {score} AS score FROM search_fts "  # noqa: S608
                "WHERE search_fts MATCH %s",
                [expression],
            )
        # PostgreSQL: tsquery literals passed as parameters and cast once (``plainto_tsquery``
        # is only STABLE, so PostgreSQL would parse it again for every row).
        select_params: list = []
        score_terms: list[str] = []
        for clause, weight in zip(query.clauses, query.weights, strict=True):
            score_terms.append(
                f"{float(weight)!r} * {PG_RANK_FUNCTION}(%s, vector, %s::tsquery, "
                f"{PG_RANK_NORMALIZATION})"
            )
            select_params += [PG_RANK_WEIGHTS, _pg_tsquery(clause)]
        where: list[str] = []
        where_params: list = []
        if query.clauses:
            where.append("vector @@ %s::tsquery")
            matching = [query.clauses[i] for i in query.required] or list(query.clauses)
            where_params.append(" | ".join(f"({_pg_tsquery(c)})" for c in matching))
        if query.grams:
            grams = _pg_tsquery(tuple((g,) for g in query.grams))
            score_terms.append(f"{GRAM_WEIGHT} * ts_rank(grams, %s::tsquery, 1)")
            select_params.append(grams)
            where.append("grams @@ %s::tsquery")
            where_params.append(grams)
        score_sql = " + ".join(score_terms) if scored and score_terms else "0.0"
        return (
            f"SELECT doc_id, {score_sql} AS score FROM search_pgfts "  # noqa: S608
            f"WHERE {' OR '.join(where)}",
            (select_params if scored and score_terms else []) + where_params,
        )

    def _filter_sql(self, query: EngineQuery, alias: str) -> tuple[str, list]:
        sql: list[str] = []
        params: list = []
        # Correlated EXISTS: one look-up per candidate in the (document, name, value) index, so a
        # filter on a common value (language=th) costs no more than one on a rare value.
        for name, values in query.filters:
            marks = ", ".join(["%s"] * len(values))
            sql.append(
                "EXISTS (SELECT 1 FROM search_searchfacet f "  # noqa: S608
                f"WHERE f.document_id = {alias} AND f.name = %s AND f.value IN ({marks}))"
            )
            params += [name, *values]
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

    def search(self, query: EngineQuery) -> EngineResult:
        scored = query.sort == "relevance" and query.has_text
        match_sql, match_params = self._match_sql(query, scored=scored)
        filter_sql, filter_params = self._filter_sql(query, "m.doc_id")
        # MATERIALIZED: the full-text match runs once, not once per row of the filters.
        matched = (
            f"WITH m AS MATERIALIZED ({match_sql}), "  # noqa: S608 - placeholders only
            f"hits AS MATERIALIZED (SELECT m.doc_id, m.score FROM m WHERE {filter_sql}) "
        )
        params = [*match_params, *filter_params]
        if scored:
            order = "hits.score DESC, hits.doc_id ASC"
        elif connection.vendor == "postgresql":
            order = "d.published_at DESC NULLS LAST, d.id DESC"
        else:
            order = "d.published_at DESC, d.id DESC"
        with connection.cursor() as cursor:
            cursor.execute(
                f"{matched} SELECT hits.doc_id, hits.score, count(*) OVER () FROM hits "  # noqa: S608
                f"JOIN search_searchdocument d ON d.id = hits.doc_id "
                f"ORDER BY {order} LIMIT %s OFFSET %s",
                [*params, query.limit, query.offset],
            )
            rows = cursor.fetchall()
            ranked = [(doc_id, score) for doc_id, score, _total in rows]
            if rows:
                total = rows[0][2]
            elif query.offset == 0:
                total = 0
            else:
                cursor.execute(f"{matched} SELECT count(*) FROM hits", params)  # noqa: S608
                total = cursor.fetchone()[0]
            facets: dict[str, dict[str, int]] = {name: {} for name in query.facets}
            if query.facets and total:
                marks = ", ".join(["%s"] * len(query.facets))
                plain_sql, plain_params = self._match_sql(query, scored=False)
                cursor.execute(
                    f"WITH m AS MATERIALIZED ({plain_sql}), "  # noqa: S608
                    f"hits AS MATERIALIZED (SELECT m.doc_id FROM m WHERE {filter_sql}) "
                    "SELECT f.name, f.value, count(*) FROM hits "
                    "JOIN search_searchfacet f ON f.document_id = hits.doc_id "
                    f"WHERE f.name IN ({marks}) GROUP BY f.name, f.value",
                    [*plain_params, *filter_params, *query.facets],
                )
                for name, value, count in cursor.fetchall():
                    facets[name][value] = count
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

    def autocomplete(
        self, *, tokens: list[str], prefix: str, audience: tuple[str, ...] | None, limit: int
    ) -> list[dict]:
        if not tokens and not prefix:
            return []
        query = EngineQuery(audience=audience)
        filter_sql, filter_params = self._filter_sql(query, "m.doc_id")
        if self.vendor == "sqlite":
            parts = [_fts_phrase((t,)) for t in tokens]
            if prefix:
                parts.append(_fts_phrase((prefix,)) + "*")
            expression = "{title title_en authors} : (" + " AND ".join(parts) + ")"
            match = (
                "SELECT rowid AS doc_id, -bm25(search_fts, 10, 8, 0, 4, 0, 0, 0, 0) AS score "
                "FROM search_fts WHERE search_fts MATCH %s"
            )
            params = [expression]
        else:
            lexemes = [t.replace("'", "''").replace("\\", "") for t in tokens]
            tsquery = " & ".join(f"'{t}':AB" for t in lexemes)
            if prefix:
                escaped = prefix.replace("'", "''").replace("\\", "")
                tsquery = (tsquery + " & " if tsquery else "") + f"'{escaped}':*AB"
            match = (
                "SELECT doc_id, ts_rank(vector, to_tsquery('simple', %s)) AS score "
                "FROM search_pgfts WHERE vector @@ to_tsquery('simple', %s)"
            )
            params = [tsquery, tsquery]
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
        return SearchDocument.objects.count()

    def vocabulary_candidates(self, term: str, *, limit: int = 500) -> list[tuple[str, int]]:
        if not term:
            return []
        qs = SearchTerm.objects.filter(term__startswith=term[0]).order_by("-df")
        return list(qs.values_list("term", "df")[:limit])

    def document_source(self, page_id: int) -> dict | None:
        row = SearchDocument.objects.filter(page_id=page_id).values(*SOURCE_FIELDS, "terms").first()
        return row

    def indexed_page_ids(self) -> set[int]:
        return set(SearchDocument.objects.values_list("page_id", flat=True))

    def status(self) -> EngineStatus:
        last = SearchDocument.objects.order_by("-indexed_at").values_list("indexed_at", flat=True)
        return EngineStatus(
            backend=f"embedded ({self.vendor})",
            documents=SearchDocument.objects.count(),
            detail={
                "terms": SearchTerm.objects.count(),
                "last_indexed_at": last.first(),
            },
        )


def idf(*, documents: int, df: int) -> float:
    """BM25's IDF (never negative)."""
    return math.log(1 + (documents - df + 0.5) / (df + 0.5))
