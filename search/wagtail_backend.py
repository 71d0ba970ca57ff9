"""Wagtail's own search (the admin's page search) with Thai segmentation.

``WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.wagtail_backend"}}`` gives Wagtail the
database backend of django-modelsearch for the current database (SQLite FTS5, PostgreSQL, MySQL),
with one change: text is segmented by :mod:`search.analysis` (PyThaiNLP) before it is indexed, and
query strings are segmented the same way, so a Thai word inside a sentence is found.

The vendor modules build their index rows with a module-level ``ObjectIndexer``; the subclass of
each index class below runs the same ``add_items`` code with a segmenting indexer in its globals
(no monkey-patching of shared modules).
"""

from __future__ import annotations

import types

from django.db import connection
from modelsearch.query import Phrase, PlainText

from . import analysis


def thai_segmented(value: str) -> str:
    return " ".join(analysis.tokens(value, stem=False))


def _segmenting_indexer(base):
    class ThaiObjectIndexer(base):
        def prepare_value(self, value):
            return thai_segmented(super().prepare_value(value))

    return ThaiObjectIndexer


def _segmenting_index(module, index_class):
    indexer = _segmenting_indexer(module.ObjectIndexer)
    add_items = index_class.add_items
    patched_globals = {**add_items.__globals__, "ObjectIndexer": indexer}
    segmented_add_items = types.FunctionType(
        add_items.__code__,
        patched_globals,
        add_items.__name__,
        add_items.__defaults__,
        add_items.__closure__,
    )
    return type(f"Thai{index_class.__name__}", (index_class,), {"add_items": segmented_add_items})


class ThaiQueryMixin:
    def build_search_query_content(self, query, config=None):
        if isinstance(query, PlainText):
            text = thai_segmented(query.query_string) or query.query_string
            query = PlainText(text, operator=query.operator, boost=query.boost)
        elif isinstance(query, Phrase):
            query = Phrase(thai_segmented(query.query_string) or query.query_string)
        return super().build_search_query_content(query, config=config)


def _thai_backend_class(module, backend_class):
    return type(
        f"Thai{backend_class.__name__}",
        (backend_class,),
        {
            "index_class": _segmenting_index(module, backend_class.index_class),
            "query_compiler_class": type(
                "ThaiSearchQueryCompiler", (ThaiQueryMixin, backend_class.query_compiler_class), {}
            ),
            "autocomplete_query_compiler_class": type(
                "ThaiAutocompleteQueryCompiler",
                (ThaiQueryMixin, backend_class.autocomplete_query_compiler_class),
                {},
            ),
        },
    )


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks for in a backend module
    from modelsearch.backends.database import SearchBackend as vendor_backend

    backend = vendor_backend(params)
    module = __import__(type(backend).__module__, fromlist=["ObjectIndexer"])
    if not hasattr(module, "ObjectIndexer") or connection.vendor not in ("sqlite", "postgresql"):
        return backend  # the fallback backend (no full-text index) has nothing to segment
    return _thai_backend_class(module, type(backend))(params)
