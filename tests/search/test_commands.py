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
