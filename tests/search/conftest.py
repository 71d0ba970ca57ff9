"""Fixtures of the search tests: resources published through Wagtail (the signals index them after
commit, through the immediate django-tasks backend)."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from search import query as search_query
from tests.content.factories import ResourcePageFactory


@pytest.fixture(autouse=True)
def _fresh_caches():
    # Synonyms, glossary terms and cached suggestions of an earlier test must not leak in.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def publish(db, django_capture_on_commit_callbacks):
    """Create and publish a resource; the index is updated as it would be after the commit."""

    def make(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return ResourcePageFactory(**kwargs)

    return make


@pytest.fixture
def after_commit(django_capture_on_commit_callbacks):
    """``with after_commit(): ...`` runs the on-commit callbacks (indexing tasks) at the end."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def run(text: str = "", user=None, **kwargs) -> search_query.SearchResults:
    return search_query.search_run(query=search_query.SearchQuery(text=text, user=user, **kwargs))


def ids(results) -> list[str]:
    return [hit.external_id for hit in results.hits]
