"""manage.py search_index rebuild|update|status."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from search.backends import get_backend

from .conftest import ids, run

pytestmark = pytest.mark.django_db


def test_search_index_rebuild_update_status(publish):
    publish(title="งานปูนและคอนกรีต", external_id="c1")
    get_backend().clear()
    assert ids(run("คอนกรีต")) == []
    out = StringIO()
    call_command("search_index", "update", stdout=out)
    assert "1 indexed" in out.getvalue()
    assert ids(run("คอนกรีต")) == ["c1"]
    out = StringIO()
    call_command("search_index", "rebuild", stdout=out)
    assert "1/1" in out.getvalue() and "rebuild: 1 indexed" in out.getvalue()
    out = StringIO()
    call_command("search_index", "status", stdout=out)
    assert "documents    1" in out.getvalue()


def test_bad_arguments():
    with pytest.raises(CommandError):
        call_command("search_index", "explode")
    with pytest.raises(CommandError):
        call_command("search_index", "update", "--batch-size", "0")


def test_search_eval_refuses_missing_files(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("search_eval", corpus=str(tmp_path / "none"), queries=str(tmp_path / "q"))
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("{}\n")
    queries = tmp_path / "q.jsonl"
    queries.write_text("not json\n")
    with pytest.raises(CommandError, match="not JSON"):
        call_command("search_eval", corpus=str(corpus), queries=str(queries))


def test_bulk_import_is_indexed_in_one_batch(django_capture_on_commit_callbacks, monkeypatch):
    import json

    from content import importing
    from search import services

    calls = []
    original = services.search_pages_index

    def counting(*, page_ids):
        calls.append(list(page_ids))
        return original(page_ids=page_ids)

    monkeypatch.setattr(services, "search_pages_index", counting)
    records = [
        {
            "external_id": f"imp-{n}",
            "type": "econtent",
            "title": f"การปลูกผักไฮโดรโปนิกส์ ตอน {n}",
            "field": "F64-11",
            "language": "th",
        }
        for n in range(3)
    ]
    stream = [json.dumps(r, ensure_ascii=False) + "\n" for r in records]
    with django_capture_on_commit_callbacks(execute=True):
        report = importing.resources_import_stream(
            stream=stream, file_format="jsonl", base_dir=None, publish=True
        )
    assert not report.errors and report.created == 3
    assert sorted(ids(run("ไฮโดรโปนิกส์"))) == ["imp-0", "imp-1", "imp-2"]
    assert len(calls) == 1 and len(calls[0]) == 3


def test_search_eval_refuses_one_fold_and_unknown_candidates(tmp_path):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("{}\n")
    queries = tmp_path / "q.jsonl"
    queries.write_text('{"query": "หุ่นยนต์", "relevant": ["a"]}\n')
    with pytest.raises(CommandError, match="at least 2"):
        call_command("search_eval", corpus=str(corpus), queries=str(queries), folds=1)
    with pytest.raises(CommandError, match="Unknown candidates: magic"):
        call_command(
            "search_eval", corpus=str(corpus), queries=str(queries), folds=5, candidates="magic"
        )


def test_search_benchmark_refuses_an_unknown_ranking():
    with pytest.raises(CommandError, match="Unknown ranking"):
        call_command("search_benchmark", size=10, ranking="magic")
