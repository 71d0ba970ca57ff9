"""Hostile or odd input to the public API and OAI-PMH: a clear 4xx, never a 500."""

from __future__ import annotations

import base64
import io
import json
from xml.etree import ElementTree as ET

import pytest

from content import oai

from .factories import ResourcePageFactory

pytestmark = pytest.mark.django_db
NS = {"oai": oai.OAI_NS, "dc": oai.DC_NS}


def _token(**fields) -> str:
    state = {"p": "oai_dc", "o": 0, "f": None, "u": None, "s": None, **fields}
    return base64.urlsafe_b64encode(json.dumps(state).encode()).decode().rstrip("=")


def test_page_number_past_any_integer_is_a_422(client):
    response = client.get("/api/v1/resources/?page=99999999999999999999999")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "page"]


@pytest.mark.parametrize("moment", ["0001-01-01T00:00:00%2B14:00", "9999-12-31T23:59:59-14:00"])
def test_updated_since_with_no_utc_date_is_a_400(client, moment):
    response = client.get(f"/api/v1/resources/?updated_since={moment}")
    assert response.status_code == 400
    assert "updated_since is out of range" in response.json()["detail"]


def test_api_documents_its_422_answers(client):
    schema = client.get("/api/v1/openapi.json").json()
    answers = schema["paths"]["/api/v1/resources/"]["get"]["responses"]
    assert {"200", "400", "422"} <= set(answers)


@pytest.mark.parametrize(
    "fields",
    [{"f": 5}, {"u": ["2024-01-01"]}, {"s": {"code": "F64-11"}}, {"o": 1e300}, {"o": True}],
    ids=["from-int", "until-list", "set-object", "offset-float", "offset-bool"],
)
def test_resumption_token_with_wrong_types_is_bad_resumption_token(client, fields):
    response = client.get(f"/oai/?verb=ListRecords&resumptionToken={_token(**fields)}")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 (our own response)
    assert root.find("oai:error", NS).get("code") == "badResumptionToken"


def test_control_characters_are_stripped_and_oai_stays_well_formed(client):
    page = ResourcePageFactory(type="research", title="งานวิจัย\x00\x07\x1b[31m แขนกล\x7f")
    page.refresh_from_db()
    assert page.title == "งานวิจัย[31m แขนกล"
    response = client.get("/oai/?verb=ListRecords&metadataPrefix=oai_dc")
    root = ET.fromstring(response.content)  # noqa: S314 (raises on malformed XML)
    titles = [t.text for t in root.iterfind(".//dc:title", NS)]
    assert "งานวิจัย[31m แขนกล" in titles


def test_oai_is_well_formed_even_for_rows_written_around_the_model(client):
    page = ResourcePageFactory(type="research", title="ปกติ")
    type(page).objects.filter(pk=page.pk).update(summary="สรุป\x0bมี\x01อักขระควบคุม")
    response = client.get("/oai/?verb=ListRecords&metadataPrefix=oai_dc")
    root = ET.fromstring(response.content)  # noqa: S314 (raises on malformed XML)
    descriptions = [d.text for d in root.iterfind(".//dc:description", NS)]
    assert "สรุปมีอักขระควบคุม" in descriptions


def test_an_import_with_control_characters_keeps_oai_well_formed(client, tmp_path):
    """#14 item 7 through the import command: C0 characters in a record's title are dropped on
    the way in, and every ListRecords page stays well-formed XML."""
    import json

    from django.core.management import call_command

    record = {
        "external_id": "c0-title",
        "type": "research",
        "title": "งานวิจัย\x01\x08 ระบบ\x1fควบคุม",
        "summary": "สรุป\x0b",
        "field": "F64-11",
        "year": 2024,
    }
    records = tmp_path / "records.jsonl"
    records.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    call_command("import_resources", str(records), stdout=io.StringIO(), stderr=io.StringIO())
    response = client.get("/oai/?verb=ListRecords&metadataPrefix=oai_dc")
    root = ET.fromstring(response.content)  # noqa: S314 (raises on malformed XML)
    titles = [t.text for t in root.iterfind(".//dc:title", NS)]
    assert "งานวิจัย ระบบควบคุม" in titles
