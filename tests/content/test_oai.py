"""OAI-PMH 2.0 at /oai/ (Dublin Core): every verb, the error codes, resumption tokens."""

from xml.etree import ElementTree as ET

import pytest
from wagtail.models import PageViewRestriction

from content import oai

from .factories import ResourcePageFactory

pytestmark = pytest.mark.django_db
NS = {"oai": oai.OAI_NS, "dc": oai.DC_NS, "oai_dc": oai.OAI_DC_NS}


def _get(client, query: str, method: str = "get") -> ET.Element:
    if method == "get":
        response = client.get(f"/oai/?{query}")
    else:
        response = client.post("/oai/", dict(p.split("=", 1) for p in query.split("&")))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/xml")
    return ET.fromstring(response.content)  # noqa: S314 (our own response)


def _error(root) -> str | None:
    error = root.find("oai:error", NS)
    return error.get("code") if error is not None else None


@pytest.fixture
def records():
    pages = [
        ResourcePageFactory(type="research", title="งานวิจัย A", authors="ผู้วิจัย ก", year=2024),
        ResourcePageFactory(type="ebook", title="หนังสือ B", field="F66-17"),
        ResourcePageFactory(type="expert", title="ผู้เชี่ยวชาญ (ไม่ใช่ระเบียน)"),
    ]
    hidden = ResourcePageFactory(type="econtent", title="สำหรับสมาชิก")
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)
    return pages


def test_identify(client):
    root = _get(client, "verb=Identify")
    identify = root.find("oai:Identify", NS)
    assert identify.find("oai:protocolVersion", NS).text == "2.0"
    assert identify.find("oai:baseURL", NS).text == "http://testserver/oai/"
    assert identify.find("oai:granularity", NS).text == "YYYY-MM-DDThh:mm:ssZ"
    assert root.find("oai:request", NS).get("verb") == "Identify"


def test_list_metadata_formats_and_sets(client):
    root = _get(client, "verb=ListMetadataFormats")
    assert root.find(".//oai:metadataPrefix", NS).text == "oai_dc"
    sets = _get(client, "verb=ListSets").findall(".//oai:setSpec", NS)
    assert len(sets) == 101 and sets[0].text == "F64-01"


def test_list_records_is_dublin_core_of_public_resources(client, records):
    root = _get(client, "verb=ListRecords&metadataPrefix=oai_dc")
    titles = [t.text for t in root.findall(".//dc:title", NS)]
    assert "งานวิจัย A" in titles and "หนังสือ B" in titles
    assert "สำหรับสมาชิก" not in titles and "ผู้เชี่ยวชาญ (ไม่ใช่ระเบียน)" not in titles
    record = root.find(".//oai:record", NS)
    assert record.find("oai:header/oai:identifier", NS).text.startswith("oai:")
    dc = record.find("oai:metadata/oai_dc:dc", NS)
    assert dc.find("dc:creator", NS).text == "ผู้วิจัย ก"
    assert dc.find("dc:date", NS).text == "2024"
    assert dc.find("dc:rights", NS).text.startswith("https://creativecommons.org/")


def test_list_identifiers_by_set_and_dates(client, records):
    root = _get(client, "verb=ListIdentifiers&metadataPrefix=oai_dc&set=F66-17")
    headers = root.findall(".//oai:header", NS)
    assert [h.find("oai:setSpec", NS).text for h in headers] == ["F66-17"]
    assert (
        _error(_get(client, "verb=ListIdentifiers&metadataPrefix=oai_dc&from=2999-01-01"))
        == "noRecordsMatch"
    )
    assert (
        _error(
            _get(client, "verb=ListIdentifiers&metadataPrefix=oai_dc&until=2000-01-01T00:00:00Z")
        )
        == "noRecordsMatch"
    )
    both = _get(
        client, "verb=ListIdentifiers&metadataPrefix=oai_dc&from=2000-01-01&until=2999-12-31"
    )
    assert len(both.findall(".//oai:header", NS)) == 2


def test_get_record_and_post(client, records):
    identifier = f"oai:{oai.REPOSITORY_ID}:{records[0].external_id}"
    root = _get(client, f"verb=GetRecord&metadataPrefix=oai_dc&identifier={identifier}", "post")
    assert root.find(".//dc:title", NS).text == "งานวิจัย A"
    unknown = _get(
        client, f"verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:{oai.REPOSITORY_ID}:nope"
    )
    assert _error(unknown) == "idDoesNotExist"
    expert = _get(
        client,
        f"verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:{oai.REPOSITORY_ID}:{records[2].external_id}",
    )
    assert _error(expert) == "idDoesNotExist"


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("", "badVerb"),
        ("verb=Dance", "badVerb"),
        ("verb=Identify&verb=Identify", "badVerb"),
        ("verb=Identify&extra=1", "badArgument"),
        ("verb=GetRecord&metadataPrefix=oai_dc", "badArgument"),
        ("verb=ListRecords", "badArgument"),
        ("verb=ListRecords&metadataPrefix=marc21", "cannotDisseminateFormat"),
        (
            "verb=ListRecords&metadataPrefix=oai_dc&from=2024-01-01&until=2024-01-02T00:00:00Z",
            "badArgument",
        ),
        ("verb=ListRecords&metadataPrefix=oai_dc&from=yesterday", "badArgument"),
        ("verb=ListRecords&metadataPrefix=oai_dc&set=F99-99", "badArgument"),
        ("verb=ListRecords&resumptionToken=garbage!", "badResumptionToken"),
        ("verb=ListRecords&resumptionToken=abc&metadataPrefix=oai_dc", "badArgument"),
        ("verb=ListSets&resumptionToken=abc", "badResumptionToken"),
    ],
)
def test_error_codes(client, records, query, code):
    root = _get(client, query)
    assert _error(root) == code
    if code in ("badVerb", "badArgument"):
        assert not root.find("oai:request", NS).attrib  # no echo of bad arguments


def test_resumption_tokens_walk_the_whole_list(client, monkeypatch):
    monkeypatch.setattr(oai, "PAGE_SIZE", 2)
    for n in range(5):
        ResourcePageFactory(type="research", title=f"หน้า {n}")
    seen, query = [], "verb=ListIdentifiers&metadataPrefix=oai_dc"
    while True:
        root = _get(client, query)
        seen += [h.text for h in root.findall(".//oai:header/oai:identifier", NS)]
        token = root.find(".//oai:resumptionToken", NS)
        if token is None or not token.text:
            break
        assert token.get("completeListSize") == "5"
        query = f"verb=ListIdentifiers&resumptionToken={token.text}"
    assert len(seen) == len(set(seen)) == 5
    assert token.get("cursor") == "4"
