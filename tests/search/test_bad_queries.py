"""Property-based: no query, filter or page value makes the search fail."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search.query import SearchQuery, search_autocomplete, search_run

pytestmark = pytest.mark.django_db

THAI = st.characters(min_codepoint=0x0E00, max_codepoint=0x0E7F)
NASTY = st.sampled_from(
    [
        '"',
        "*",
        "-",
        "NEAR",
        "OR",
        "AND",
        "NOT",
        "(",
        ")",
        "^",
        ":",
        "{",
        "}",
        "'",
        "\\",
        "\u200b",
        "\u200c",
        "\ufeff",
        "๑๒๓",
        "％",
        "\x00",
        "\n\n",
        "<script>",
        "&amp;",
        "é",
    ]
)
QUERY = st.one_of(
    st.text(max_size=200),
    st.lists(st.one_of(NASTY, st.text(alphabet=THAI, max_size=12)), max_size=30).map("".join),
    st.text(alphabet=st.characters(categories=["P", "S", "Z"]), max_size=50),
)
VALUES = st.lists(st.text(max_size=20), max_size=3)


@pytest.fixture(autouse=True)
def _documents(db):
    from search.backends import get_backend
    from search.index import IndexDocument

    backend = get_backend()
    backend.clear()
    backend.index_documents(
        [
            IndexDocument(
                page_id=900_001,
                title="ระบบควบคุมอัตโนมัติ",
                resource_type="ebook",
                summary="PLC sensor NEAR OR",
                facets={"type": ["ebook"]},
            ),
            IndexDocument(
                page_id=900_002,
                title="เซ็นเซอร์ ๑๒๓",
                resource_type="research",
                body='"quoted" (brackets) * star',
                facets={"type": ["research"]},
            ),
        ]
    )
    yield
    backend.clear()


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=QUERY,
    filters=st.dictionaries(
        st.sampled_from(["field", "type", "industry", "level", "language", "year", "bogus"]),
        VALUES,
        max_size=3,
    ),
    page=st.integers(min_value=-5, max_value=10_000),
    page_size=st.integers(min_value=-5, max_value=10_000),
    sort=st.sampled_from(["relevance", "newest", "x"]),
)
def test_search_never_fails(text, filters, page, page_size, sort):
    results = search_run(
        query=SearchQuery(text=text, filters=filters, page=page, page_size=page_size, sort=sort)
    )
    assert results.count >= 0
    assert 1 <= results.page_size <= 50


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=QUERY)
def test_autocomplete_never_fails(text):
    assert isinstance(search_autocomplete(text=text), list)


def test_ten_thousand_characters():
    assert search_run(query=SearchQuery(text="ระบบควบคุม " * 1000)).count >= 0


@pytest.mark.parametrize("text", ['" * - NEAR OR ( )', "NEAR(", '"unbalanced', "*", "-", "OR"])
def test_fts_syntax_is_treated_as_words(text):
    results = search_run(query=SearchQuery(text=text))
    assert results.count >= 0


def test_punctuation_only_gets_a_message():
    results = search_run(query=SearchQuery(text="!!! ??? ..."))
    assert results.count == 0 and results.messages


def test_thai_digits_match_arabic_digits():
    results = search_run(query=SearchQuery(text="123"))
    assert [h.page_id for h in results.hits] == [900_002]


def test_zero_width_characters_are_ignored():
    results = search_run(query=SearchQuery(text="ระบบ\u200bควบคุม"))
    assert [h.page_id for h in results.hits][:1] == [900_001]


@pytest.mark.django_db
def test_nul_and_control_characters_are_dropped_not_sent_to_the_database(client):
    # PostgreSQL refuses NUL in text parameters; hypothesis found this through a facet value.
    results = search_run(
        query=SearchQuery(
            text="เซ็น\x00เซอร์\x07", filters={"field": ["F64-11\x00"], "year": ["\x00"]}
        )
    )
    assert results.query.text  # ran, with the control characters gone
    assert client.get("/api/v1/search/", {"q": "plc\x00", "field": "F64\x00-11"}).status_code == 200
