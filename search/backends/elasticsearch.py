"""The Elasticsearch engine, through ``elasticsearch.dsl`` (the client's major version must be the
server's: ``ELASTICSEARCH_MAJOR_VERSION``, 8 or 9).

* Analysis: the ``thai`` tokenizer with lowercase and ``decimal_digit`` (Thai digits) and a
  zero-width character filter, and *no* stop filter: the words the ``thai`` analyzer's stopword
  list would drop stay searchable. Each text field has a ``trigram`` sub-field (character
  trigrams, for words the tokenizer splits differently) and an ``en`` sub-field (English
  stemming). With ``analysis-icu`` (``ELASTICSEARCH_ICU=1``) the ``icu_normalizer`` character
  filter and ``icu_folding`` are added.
* A ``terms`` field holds the PyThaiNLP tokens of the document (whitespace analyzer) so document
  frequencies, "did you mean" and more-like-this work as in the embedded engine; synonyms are
  expanded by the query service for both engines.
* Writing: bulk API; a rebuild fills a new versioned index and then swaps the alias atomically.

Every body this module sends is built by the ``*_body`` methods, which the tests validate against
Elastic's OpenAPI specification (``../shared/elasticsearch/elasticsearch-serverless-openapi.json``).
"""

from __future__ import annotations

import datetime as dt
import json

from django.utils import timezone
from elasticsearch.dsl import (
    Date,
    Index,
    Integer,
    Keyword,
    Long,
    Mapping,
    Text,
    analyzer,
    char_filter,
    token_filter,
    tokenizer,
)

from search import analysis
from search.index import (
    COMPOUND_FIELDS,
    FACETS,
    GRAM_FIELDS,
    GRAM_WEIGHT,
    SEARCH_FIELDS,
    SOURCE_FIELDS,
    IndexDocument,
)

from .base import EngineHit, EngineQuery, EngineResult, EngineStatus, SearchBackend

FACET_AGG_SIZE = 200
# Parts of Thai compounds (titles, keywords, names) count like keywords.
PARTS_BOOST = 5.0


def _analyzers(icu: bool):
    zero_width = char_filter(
        "ic_zero_width",
        "pattern_replace",
        pattern="[\u200b\u200c\u200d\u2060\ufeff\u00ad]",
        replacement="",
    )
    char_filters = [zero_width] + (["icu_normalizer"] if icu else [])
    folding = ["icu_folding"] if icu else []
    # search.analysis.fold: ไม้ไต่คู้ and letters silenced by การันต์ dropped (spelling variants).
    loanword_spellings = char_filter(
        "ic_thai_spelling",
        "pattern_replace",
        pattern="\u0e47|[\u0e01-\u0e2e][\u0e34\u0e38]?\u0e4c",
        replacement="",
    )
    thai = analyzer(
        "ic_thai",
        tokenizer="thai",
        char_filter=[*char_filters, loanword_spellings],
        filter=["lowercase", "decimal_digit", *folding],
    )
    trigram = analyzer(
        "ic_trigram",
        tokenizer=tokenizer("ic_trigram_tokenizer", "ngram", min_gram=3, max_gram=3),
        char_filter=char_filters,
        filter=["lowercase", "decimal_digit"],
    )
    english = analyzer(
        "ic_english",
        tokenizer="standard",
        char_filter=char_filters,
        filter=[
            "lowercase",
            "decimal_digit",
            token_filter("ic_english_possessive", "stemmer", language="possessive_english"),
            token_filter("ic_english_stemmer", "stemmer", language="english"),
        ],
    )
    return thai, trigram, english


class ElasticsearchBackend(SearchBackend):
    name = "elasticsearch"

    def __init__(self, *, url: str, index_prefix: str, major_version: int, icu: bool = False):
        if major_version not in (8, 9):
            raise ValueError("ELASTICSEARCH_MAJOR_VERSION must be 8 or 9")
        self.url = url
        self.alias = f"{index_prefix}_resources"
        self.major_version = major_version
        self.icu = icu
        self._client = None

    # --- the client (only created when a server is configured) -------------------------------
    @property
    def client(self):
        if self._client is None:
            import elasticsearch
            from django.core.exceptions import ImproperlyConfigured
            from elasticsearch import Elasticsearch

            client_major = int(elasticsearch.__versionstr__.split(".")[0])
            if client_major != self.major_version:
                raise ImproperlyConfigured(
                    f"ELASTICSEARCH_MAJOR_VERSION is {self.major_version} but the installed "
                    f"elasticsearch client is {elasticsearch.__versionstr__}: install "
                    f'"elasticsearch>={self.major_version},<{self.major_version + 1}"'
                )

            self._client = Elasticsearch(self.url, request_timeout=30)
        return self._client

    # ======================================================================================
    # Bodies (validated in the tests against Elastic's specification)
    # ======================================================================================
    def index_body(self) -> dict:
        thai, trigram, english = _analyzers(self.icu)

        def text_field(*, grams: bool) -> Text:
            fields = {"en": Text(analyzer=english)}
            if grams:
                fields["trigram"] = Text(analyzer=trigram)
            return Text(analyzer=thai, fields=fields)

        mapping = Mapping()
        mapping.field("page_id", Long())
        mapping.field("external_id", Keyword())
        mapping.field("resource_type", Keyword())
        mapping.field("locale", Keyword())
        for name in SEARCH_FIELDS:
            mapping.field(name, text_field(grams=name in GRAM_FIELDS))
        mapping.field("terms", Text(analyzer="whitespace"))
        mapping.field("parts", Text(analyzer="whitespace"))
        mapping.field("url", Keyword(index=False))
        mapping.field("year", Integer())
        mapping.field("published_at", Date())
        mapping.field("audience", Keyword())
        for facet in FACETS:
            mapping.field(f"facet_{facet}", Keyword())
        index = Index("unused")
        index.settings(number_of_shards=1, number_of_replicas=1)
        index.mapping(mapping)
        return index.to_dict()

    def document_body(self, doc: IndexDocument) -> dict:
        body = {
            "page_id": doc.page_id,
            "external_id": doc.external_id,
            "resource_type": doc.resource_type,
            "locale": doc.locale,
            "title": doc.title,
            "title_en": doc.title_en,
            "keywords": doc.keywords,
            "authors": doc.authors,
            "extra": doc.extra,
            "summary": doc.summary,
            "body": doc.body,
            "terms": " ".join(self._terms(doc)),
            "parts": " ".join(self._compound_parts(doc)),
            "url": doc.url,
            "year": doc.year,
            "published_at": doc.published_at.isoformat() if doc.published_at else None,
            "audience": doc.audience,
        }
        for facet in FACETS:
            body[f"facet_{facet}"] = [str(v) for v in doc.facets.get(facet, [])]
        return body

    @staticmethod
    def _compound_parts(doc: IndexDocument) -> list[str]:
        # The same parts the embedded engine indexes (the ``thai`` tokenizer keeps compounds
        # whole too), in a field of their own.
        return [
            part
            for name in COMPOUND_FIELDS
            for token in analysis.tokens(doc.field_text(name))
            for part in map(analysis.fold, analysis.compound_parts(token))
        ]

    @staticmethod
    def _terms(doc: IndexDocument) -> list[str]:
        terms: dict[str, None] = {}
        for name in SEARCH_FIELDS:
            toks, surfaces = analysis.tokens_and_surfaces(
                doc.field_text(name), compounds=name in COMPOUND_FIELDS
            )
            terms.update(dict.fromkeys(toks))
            terms.update(dict.fromkeys(sorted(surfaces)))
        return list(terms)

    def bulk_lines(self, documents: list[IndexDocument], *, index: str) -> list[dict]:
        lines: list[dict] = []
        for doc in documents:
            lines.append({"index": {"_index": index, "_id": str(doc.page_id)}})
            lines.append(self.document_body(doc))
        return lines

    def delete_lines(self, page_ids: list[int], *, index: str) -> list[dict]:
        return [{"delete": {"_index": index, "_id": str(pk)}} for pk in page_ids]

    @staticmethod
    def _fields(*, english: bool = True) -> list[str]:
        fields = [f"{name}^{boost:g}" for name, boost in SEARCH_FIELDS.items()]
        fields.append(f"parts^{PARTS_BOOST:g}")
        if english:
            fields += [f"{name}.en^{boost / 2:g}" for name, boost in SEARCH_FIELDS.items()]
        return fields

    @staticmethod
    def _facet_filters(query: EngineQuery, *, but: str | None = None) -> list[dict]:
        return [
            {"terms": {f"facet_{name}": list(values)}}
            for name, values in query.filters
            if name != but
        ]

    def _filters(self, query: EngineQuery, *, facets: bool = True) -> list[dict]:
        filters: list[dict] = self._facet_filters(query) if facets else []
        if query.audience is not None:
            filters.append({"terms": {"audience": list(query.audience)}})
        return filters

    def search_body(self, query: EngineQuery) -> dict:
        should: list[dict] = []
        for clause in query.clauses:
            alternatives = []
            for phrase in clause:
                text = " ".join(phrase)
                alternatives.append(
                    {
                        "multi_match": {
                            "query": text,
                            "fields": self._fields(),
                            "type": "phrase" if len(phrase) > 1 else "best_fields",
                        }
                    }
                )
            should.append(
                alternatives[0]
                if len(alternatives) == 1
                else {"dis_max": {"queries": alternatives}}
            )
        if query.grams:
            should.append(
                {
                    "multi_match": {
                        "query": " ".join(query.grams),
                        "fields": [f"{name}.trigram" for name in GRAM_FIELDS],
                        "boost": GRAM_WEIGHT,
                    }
                }
            )
        # Facet filters go in ``post_filter``: the hits obey all of them, while each facet's
        # aggregation applies all but its own (its other values stay countable).
        boolean: dict = {"filter": self._filters(query, facets=False)}
        if query.required and len(should) > len(query.required):
            # Documents must contain one of the rare clauses (a filter: it does not score).
            boolean["filter"].append(
                {
                    "bool": {
                        "should": [should[i] for i in query.required],
                        "minimum_should_match": 1,
                    }
                }
            )
        if should:
            boolean["should"] = should
            boolean["minimum_should_match"] = 1
        if query.exclude_page_ids:
            boolean["must_not"] = [{"ids": {"values": [str(pk) for pk in query.exclude_page_ids]}}]
        body: dict = {
            "query": {"bool": boolean},
            "from": query.offset,
            "size": query.limit,
            "track_total_hits": True,
            "_source": {"includes": list(SOURCE_FIELDS)},
        }
        if query.sort == "newest" or not query.has_text:
            body["sort"] = [
                {"published_at": {"order": "desc", "missing": "_last"}},
                {"page_id": {"order": "desc"}},
            ]
        else:
            body["sort"] = [{"_score": {"order": "desc"}}, {"page_id": {"order": "asc"}}]
        if query.filters:
            body["post_filter"] = {"bool": {"filter": self._facet_filters(query)}}
        if query.facets:
            body["aggs"] = {
                name: {
                    "filter": {"bool": {"filter": self._facet_filters(query, but=name)}},
                    "aggs": {
                        "values": {"terms": {"field": f"facet_{name}", "size": FACET_AGG_SIZE}}
                    },
                }
                for name in query.facets
            }
        return body

    def autocomplete_body(
        self, *, tokens: list[str], prefix: str, audience: tuple[str, ...] | None, limit: int
    ) -> dict:
        text = " ".join([*tokens, prefix]).strip()
        return {
            "query": {
                "bool": {
                    "must": [
                        {
                            "multi_match": {
                                "query": text,
                                "type": "bool_prefix",
                                "fields": ["title^3", "title_en^2", "authors"],
                                "operator": "and",
                            }
                        }
                    ],
                    "filter": self._filters(EngineQuery(audience=audience)),
                }
            },
            "size": limit,
            "_source": {"includes": list(SOURCE_FIELDS)},
        }

    def frequencies_body(self, terms: list[str]) -> dict:
        return {
            "size": 0,
            "track_total_hits": True,
            "aggs": {"df": {"filters": {"filters": {t: {"term": {"terms": t}} for t in terms}}}},
        }

    def suggest_body(self, term: str) -> dict:
        return {
            "size": 0,
            "suggest": {
                "did_you_mean": {
                    "text": term,
                    "term": {"field": "terms", "suggest_mode": "always", "size": 10},
                }
            },
        }

    def source_body(self, page_id: int) -> dict:
        return {
            "query": {"ids": {"values": [str(page_id)]}},
            "size": 1,
            "_source": {"includes": list(SOURCE_FIELDS)},
        }

    def aliases_body(self, *, new_index: str, old_indices: list[str]) -> dict:
        actions: list[dict] = [
            {"remove": {"index": old, "alias": self.alias}} for old in old_indices
        ]
        actions.append({"add": {"index": new_index, "alias": self.alias, "is_write_index": True}})
        return {"actions": actions}

    def new_index_name(self, now: dt.datetime | None = None) -> str:
        now = now or timezone.now()
        return f"{self.alias}_v{now.strftime('%Y%m%d%H%M%S%f')}"

    # ======================================================================================
    # Talking to the server
    # ======================================================================================
    def _bulk(self, lines: list[dict]) -> None:
        if not lines:
            return
        payload = "\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n"
        response = self.client.bulk(operations=payload, refresh="wait_for")
        if response.get("errors"):
            failed = [
                item
                for item in response["items"]
                for action in item.values()
                if action.get("error") and action.get("status") != 404
            ]
            if failed:
                raise RuntimeError(f"Elasticsearch bulk errors: {failed[:3]}")

    def _ensure_index(self) -> None:
        if not self.client.indices.exists_alias(name=self.alias):
            name = self.new_index_name()
            self.client.indices.create(index=name, **self.index_body())
            self.client.indices.update_aliases(**self.aliases_body(new_index=name, old_indices=[]))

    def index_documents(self, documents: list[IndexDocument]) -> int:
        if documents:
            self._ensure_index()
            self._bulk(self.bulk_lines(documents, index=self.alias))
        return len(documents)

    def delete_documents(self, page_ids: list[int]) -> int:
        if page_ids and self.client.indices.exists_alias(name=self.alias):
            self._bulk(self.delete_lines(page_ids, index=self.alias))
        return len(page_ids)

    def rebuild_begin(self) -> str:
        name = self.new_index_name()
        self.client.indices.create(index=name, **self.index_body())
        return name

    def rebuild_index(self, handle: str, documents: list[IndexDocument]) -> int:
        self._bulk(self.bulk_lines(documents, index=handle))
        return len(documents)

    def rebuild_finish(self, handle: str, *, seen_page_ids: set[int]) -> None:
        self.client.indices.refresh(index=handle)
        old = []
        if self.client.indices.exists_alias(name=self.alias):
            old = list(self.client.indices.get_alias(name=self.alias).keys())
        self.client.indices.update_aliases(**self.aliases_body(new_index=handle, old_indices=old))
        for name in old:
            self.client.indices.delete(index=name)

    def clear(self) -> None:
        if self.client.indices.exists_alias(name=self.alias):
            for name in self.client.indices.get_alias(name=self.alias):
                self.client.indices.delete(index=name)

    def _search(self, body: dict) -> dict:
        if not self.client.indices.exists_alias(name=self.alias):
            return {"hits": {"total": {"value": 0}, "hits": []}, "aggregations": {}}
        return self.client.search(index=self.alias, **body).body

    def search(self, query: EngineQuery) -> EngineResult:
        response = self._search(self.search_body(query))
        hits = [
            EngineHit(
                page_id=int(hit["_source"]["page_id"]),
                score=float(hit.get("_score") or 0.0),
                source=hit["_source"],
            )
            for hit in response["hits"]["hits"]
        ]
        facets = {
            name: {
                str(bucket["key"]): bucket["doc_count"]
                for bucket in response.get("aggregations", {})
                .get(name, {})
                .get("values", {})
                .get("buckets", [])
            }
            for name in query.facets
        }
        return EngineResult(total=response["hits"]["total"]["value"], hits=hits, facets=facets)

    def autocomplete(
        self, *, tokens: list[str], prefix: str, audience: tuple[str, ...] | None, limit: int
    ) -> list[dict]:
        body = self.autocomplete_body(tokens=tokens, prefix=prefix, audience=audience, limit=limit)
        return [hit["_source"] for hit in self._search(body)["hits"]["hits"]]

    def document_frequencies(self, terms: list[str]) -> tuple[int, dict[str, int]]:
        if not terms:
            return self.status().documents, {}
        response = self._search(self.frequencies_body(terms))
        buckets = response.get("aggregations", {}).get("df", {}).get("buckets", {})
        return (
            response["hits"]["total"]["value"],
            {t: buckets.get(t, {}).get("doc_count", 0) for t in terms},
        )

    def vocabulary_candidates(self, term: str, *, limit: int = 500) -> list[tuple[str, int]]:
        response = self._search(self.suggest_body(term))
        out = []
        for entry in response.get("suggest", {}).get("did_you_mean", []):
            out += [(o["text"], o["freq"]) for o in entry.get("options", [])]
        return out[:limit]

    def document_source(self, page_id: int) -> dict | None:
        response = self._search(self.source_body(page_id))
        hits = response["hits"]["hits"]
        return hits[0]["_source"] if hits else None

    def indexed_page_ids(self) -> set[int]:
        if not self.client.indices.exists_alias(name=self.alias):
            return set()
        from elasticsearch.helpers import scan

        return {
            int(hit["_id"])
            for hit in scan(self.client, index=self.alias, query={"_source": False}, size=1000)
        }

    def status(self) -> EngineStatus:
        if not self.client.indices.exists_alias(name=self.alias):
            return EngineStatus(backend="elasticsearch", documents=0, detail={"alias": self.alias})
        count = self.client.count(index=self.alias)["count"]
        indices = list(self.client.indices.get_alias(name=self.alias).keys())
        return EngineStatus(
            backend=f"elasticsearch {self.major_version}",
            documents=count,
            detail={"alias": self.alias, "indices": ", ".join(indices)},
        )
