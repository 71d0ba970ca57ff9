"""Honest corrections: when the words as typed find nothing and the results are for a corrected
spelling (or for similar spellings), the page and the API say so and link to the words as typed;
"did you mean" is never the query itself."""

from __future__ import annotations

import pytest

from search import query as search_query
from search.backends import get_backend
from search.corrections import same_words, search_run_corrected

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clean_index(db):
    get_backend().clear()


@pytest.fixture
def hydraulics(publish):
    return publish(
        type="ebook",
        title="Hydraulics for technicians",
        summary="Hydraulics pumps and valves in machines",
        external_id="hyd",
    )


def test_misspelt_words_show_results_for_the_correction_and_say_so(client, hydraulics):
    html = client.get("/search/", {"q": "hydralics"}).content.decode()
    assert "Hydraulics for technicians" in html
    assert "แสดงผลลัพธ์สำหรับ <strong>hydraulics</strong>" in html
    assert 'ค้นหา <a href="?q=hydralics&amp;exact=1">hydralics</a> แทน' in html


def test_english_page_says_it_in_english(client, hydraulics):
    html = client.get("/en/search/", {"q": "hydralics"}).content.decode()
    assert "Showing results for <strong>hydraulics</strong>" in html
    assert 'search for <a href="?q=hydralics&amp;exact=1">hydralics</a> instead' in html


def test_the_exact_link_searches_the_words_as_typed(client, hydraulics):
    html = client.get("/search/", {"q": "hydralics", "exact": "1"}).content.decode()
    assert "Hydraulics for technicians" not in html
    assert "แสดงผลลัพธ์สำหรับ" not in html
    # Nothing found as typed: the correction is offered, not applied.
    assert 'href="?q=hydraulics"' in html


def test_the_exact_link_keeps_the_filters(client, hydraulics):
    html = client.get("/search/", {"q": "hydralics", "type": "ebook"}).content.decode()
    assert 'href="?q=hydralics&amp;type=ebook&amp;exact=1"' in html


def test_words_that_match_are_never_corrected(client, hydraulics):
    result = search_run_corrected(query=search_query.SearchQuery(text="hydraulics"))
    assert result.corrected is None and not result.approximate
    assert result.results.count == 1


@pytest.fixture
def pneumatics(publish):
    return publish(type="ebook", title="ระบบนิวแมติกส์และไฮดรอลิกส์เบื้องต้น", external_id="pneu")


def test_similar_spellings_are_announced_too(pneumatics):
    # No indexed word is close enough for a correction, but Thai trigrams of the title match.
    result = search_run_corrected(query=search_query.SearchQuery(text="ไฮโดรลิก"))
    assert result.corrected is None
    assert result.approximate is True
    assert result.results.count == 1


def test_similar_spellings_message_on_the_page(client, pneumatics):
    html = client.get("/en/search/", {"q": "ไฮโดรลิก"}).content.decode()
    assert "Showing results for words spelt like <strong>ไฮโดรลิก</strong>" in html
    assert "&amp;exact=1" in html
    exact = client.get("/en/search/", {"q": "ไฮโดรลิก", "exact": "1"}).content.decode()
    assert "ระบบนิวแมติกส์" not in exact


def test_did_you_mean_is_never_the_query_itself(monkeypatch, publish):
    publish(title="งานเชื่อมโลหะ", external_id="w")
    # A correction that only re-spaces or re-cases the words is the same query.
    monkeypatch.setattr(search_query, "suggestion_make", lambda **kw: "ZZZ Qqq")
    result = search_run_corrected(query=search_query.SearchQuery(text="zzz  qqq"))
    assert result.suggestion is None and result.corrected is None
    assert result.results.suggestion is None


def test_same_words_ignores_case_spaces_and_thai_normalisation():
    assert same_words("PLC  Sensor", "plcsensor")
    assert same_words("เเบบ", "แบบ")  # two SARA E typed for SARA AE
    assert not same_words("พีแอลซี", "พีแลซี")


def test_api_reports_the_correction(client, hydraulics):
    data = client.get("/api/v1/search/", {"q": "hydralics"}).json()
    assert data["count"] == 1
    assert data["query"] == "hydraulics"
    assert data["original_query"] == "hydralics"
    assert data["corrected_query"] == "hydraulics"
    assert data["approximate"] is False


def test_api_exact_turns_the_correction_off(client, hydraulics):
    data = client.get("/api/v1/search/", {"q": "hydralics", "exact": "1"}).json()
    assert data["count"] == 0
    assert data["corrected_query"] is None
    assert data["suggestion"] == "hydraulics"


def test_api_exact_parameter_is_in_the_schema(client):
    schema = client.get("/api/v1/openapi.json").json()
    parameters = {p["name"] for p in schema["paths"]["/api/v1/search/"]["get"]["parameters"]}
    assert "exact" in parameters


def _document_count_reads(client, params) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get("/search/", params).status_code == 200
    return len([q for q in queries.captured_queries if "' documents'" in q["sql"]])


def test_planning_and_did_you_mean_share_one_lookup(client, hydraulics):
    # The plan's words and the words "did you mean" needs are looked up together, once.
    assert _document_count_reads(client, {"q": "hydralics", "exact": "1"}) == 1


def test_the_search_for_a_correction_adds_one_lookup_only(client, hydraulics):
    # The corrected words (and their synonyms) are new: one more lookup, not a new plan of all.
    assert _document_count_reads(client, {"q": "hydralics"}) == 2
