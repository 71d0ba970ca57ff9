"""The shared backend tests on the embedded engine: SQLite (default) or PostgreSQL
(``DATABASE_URL=postgres://… pytest tests/search``)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search.backends import embedded, get_backend
from search.backends.embedded import postgres
from search.models import SearchTerm

from .backend_contract import BackendContract
from .conftest import ids, run


@pytest.mark.skipif(connection.vendor != "sqlite", reason="runs when DATABASE_URL is SQLite")
class TestEmbeddedSQLite(BackendContract):
    pass


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="runs when DATABASE_URL is PostgreSQL"
)
class TestEmbeddedPostgreSQL(BackendContract):
    def test_common_word_scores_the_newest_candidates_and_counts_them_all(
        self, publish, monkeypatch
    ):
        for n in range(5):
            publish(title=f"งานเชื่อมโลหะ ตอนที่ {n}", external_id=f"w{n}")
        publish(title="งานเชื่อม งานเชื่อม งานเชื่อม", external_id="best")
        assert ids(run("งานเชื่อม"))[0] == "best"
        monkeypatch.setattr(postgres, "PG_RANK_CANDIDATES", 3)
        capped = run("งานเชื่อม", page_size=10)
        assert capped.count == 6  # counted from the index, not from the scored candidates
        assert len(capped.hits) == 3 and capped.hits[0].external_id == "best"

    def test_many_candidates_narrow_to_documents_with_two_clauses(self, publish, monkeypatch):
        publish(title="หุ่นยนต์ ไฮดรอลิกส์", external_id="both")  # oldest
        for n in range(4):
            publish(title=f"หุ่นยนต์ เล่ม {n}", external_id=f"w{n}")
        monkeypatch.setattr(postgres, "PG_RANK_CANDIDATES", 2)
        results = run("หุ่นยนต์ ไฮดรอลิกส์")
        assert results.count == 5
        assert ids(results) == ["both"]  # the newest two alone would have missed it

    def test_search_statements_use_the_gin_index(self, publish):
        publish(title="เครื่องกลึงซีเอ็นซี", external_id="a")
        with CaptureQueriesContext(connection) as queries:
            run("เครื่องกลึง")
        assert any(q["sql"] == "SET LOCAL enable_seqscan = off" for q in queries.captured_queries)

    def test_adjacent_pairs_rank_but_never_enter_the_match(self, publish):
        publish(title="หุ่นยนต์ เล่ม ไฮดรอลิกส์", external_id="apart")
        publish(title="หุ่นยนต์ไฮดรอลิกส์", external_id="side_by_side")
        with CaptureQueriesContext(connection) as queries:
            results = run("หุ่นยนต์ ไฮดรอลิกส์")
        assert ids(results) == ["side_by_side", "apart"]
        counts = [q["sql"] for q in queries.captured_queries if "SELECT count(*)" in q["sql"]]
        assert counts and not any("<->" in sql for sql in counts)


def test_match_leaves_out_phrases_the_words_imply():
    pair = (("หุ่นยนต์", "ไฮดรอลิกส์"),)
    group = (("plc",), ("พีแอลซี",), ("programmable", "logic"))
    words = [(("หุ่นยนต์",),), (("ไฮดรอลิกส์",),)]
    assert postgres.match_clauses([*words, pair, group]) == [*words, group]
    assert postgres.match_clauses([pair]) == [pair]  # alone it is the match


@pytest.mark.django_db
def test_document_count_is_kept_by_every_write(publish):
    backend = get_backend()
    backend.clear()
    publish(title="หุ่นยนต์อุตสาหกรรม", external_id="a")
    publish(title="หุ่นยนต์บริการ", external_id="b")
    assert backend.document_frequencies(["หุ่นยนต์"])[0] == 2
    assert SearchTerm.objects.get(term=embedded.DOCUMENT_COUNT_TERM).df == 2
    backend.delete_documents(sorted(backend.indexed_page_ids())[:1])
    assert backend.document_frequencies(["หุ่นยนต์"])[0] == 1
    backend.clear()
    assert backend.document_frequencies(["หุ่นยนต์"])[0] == 0
