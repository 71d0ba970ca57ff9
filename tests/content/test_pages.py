"""Public pages: the bank's resources by type, one detail template per type, JSON-LD, citations,
Buddhist-era years, and query counts that do not grow with the number of resources."""

import json
import re

import pytest

from content import selectors
from content.models import RESOURCE_TYPES, ManpowerDemand

from .factories import ResourcePageFactory

pytestmark = pytest.mark.django_db


def _text(html: str) -> str:
    """The page's text: titles carry Thai word-break markup (``thai_wbr``)."""
    return re.sub(r"<[^>]+>", "", html)


def _json_ld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD"
    return json.loads(match.group(1))


def test_bank_page_lists_resources_by_type_with_counts(client):
    for n in range(3):
        ResourcePageFactory(type="research", title=f"งานวิจัยหุ่นยนต์ {n}")
    ResourcePageFactory(type="expert", title="นายประเสริฐ วงศ์ช่างกล")
    ResourcePageFactory(type="employer", title="บริษัท สยามโรโบติกส์ จำกัด")
    ResourcePageFactory(type="ebook", title="ร่างหนังสือ", publish=False)
    ResourcePageFactory(type="research", field="F66-17", title="งานวิจัยของอีกสาขา")
    html = client.get("/f64-11/").content.decode()
    text = _text(html)
    assert "งานวิจัยหุ่นยนต์ 2" in text
    assert "นายประเสริฐ วงศ์ช่างกล" in text and "บริษัท สยามโรโบติกส์ จำกัด" in text
    assert "ร่างหนังสือ" not in text  # drafts are not public
    assert "งานวิจัยของอีกสาขา" not in text
    assert 'href="?type=research"' in html
    assert "(3)" in html and "(5)" in html  # research count, total


def test_bank_page_paginates_one_type(client):
    for n in range(selectors.BANK_PAGE_SIZE + 2):
        ResourcePageFactory(type="econtent", title=f"สื่อ {n:02d}")
    first = client.get("/f64-11/?type=econtent").content.decode()
    second = client.get("/f64-11/?type=econtent&page=2").content.decode()
    assert first.count('class="card resource-card"') == selectors.BANK_PAGE_SIZE
    assert second.count('class="card resource-card"') == 2
    assert "page=2" in first
    # An unknown type falls back to the overview; a bad page number to the last page.
    assert client.get("/f64-11/?type=bogus").status_code == 200
    assert client.get("/f64-11/?type=econtent&page=999").status_code == 200


def test_bank_page_query_count_does_not_grow(client, django_assert_max_num_queries):
    for key in RESOURCE_TYPES:
        ResourcePageFactory(type=key)
    with django_assert_max_num_queries(40) as few:
        client.get("/f64-11/")
    for key in RESOURCE_TYPES:
        for _ in range(4):
            ResourcePageFactory(type=key)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/f64-11/")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/f64-11/?type=research")


@pytest.mark.parametrize("key", list(RESOURCE_TYPES))
def test_detail_page_query_count_does_not_grow_with_related(
    client, key, django_assert_max_num_queries
):
    page = ResourcePageFactory(type=key)
    ResourcePageFactory(type=key)
    with django_assert_max_num_queries(60) as few:
        assert client.get(page.url).status_code == 200
    for _ in range(8):
        ResourcePageFactory(type=key)
        ResourcePageFactory(type="research" if key != "research" else "ebook")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(page.url)


SCHEMA_TYPES = {
    "research": "ScholarlyArticle",
    "ebook": "Book",
    "elearning": "LearningResource",
    "econtent": "LearningResource",
    "simulator": "LearningResource",
    "expert": "Person",
    "employer": "Organization",
}


@pytest.mark.parametrize("key", list(RESOURCE_TYPES))
def test_each_type_has_its_template_metadata_and_json_ld(client, key):
    page = ResourcePageFactory(
        type=key,
        title="ชื่อภาษาไทย</script><b>",
        title_en="English title",
        authors="นายสมชาย ใจดี",
        year=2024,
        licence="cc-by-sa",
    )
    response = client.get(page.url)
    assert response.templates[0].name == f"content/{key}_page.html"
    html = response.content.decode()
    assert "พ.ศ. 2567" in html  # year 2024 in the Buddhist era
    assert "English title" in html
    assert "CC BY-SA 4.0" in html
    data = _json_ld(html)
    assert data["@type"] == SCHEMA_TYPES[key]
    assert data["name"] == "ชื่อภาษาไทย</script><b>"
    assert "</script><b>" not in html.split('application/ld+json">')[1].split("</script>")[0]
    english = client.get("/en" + page.url).content.decode()
    assert "2024" in english and "พ.ศ. 2567" not in english


def test_research_json_ld_and_citations(client):
    page = ResourcePageFactory(
        type="research",
        title="แขนกลหยิบจับชิ้นงาน",
        authors="นายธีรวัฒน์ บุญประเสริฐ\nนางสาวกัญญารัตน์ ทองดี",
        doi="10.1234/abc_1",
        abstract="บทคัดย่อ {ทดสอบ} 100%",
        year=2024,
    )
    data = _json_ld(client.get(page.url).content.decode())
    assert data["identifier"]["value"] == "10.1234/abc_1"
    assert [a["name"] for a in data["author"]] == [
        "นายธีรวัฒน์ บุญประเสริฐ",
        "นางสาวกัญญารัตน์ ทองดี",
    ]
    bib = client.get(page.url + "cite/bibtex/")
    assert bib["Content-Type"].startswith("application/x-bibtex")
    text = bib.content.decode()
    assert text.startswith("@techreport{")
    assert "author = {นายธีรวัฒน์ บุญประเสริฐ and นางสาวกัญญารัตน์ ทองดี}" in text
    assert r"doi = {10.1234/abc\_1}" in text
    assert r"\{ทดสอบ\} 100\%" in text
    ris = client.get(page.url + "cite/ris/").content.decode()
    lines = ris.split("\r\n")
    assert lines[0] == "TY  - RPRT"
    assert "AU  - นางสาวกัญญารัตน์ ทองดี" in lines
    assert "PY  - 2024" in lines and "DO  - 10.1234/abc_1" in lines
    assert lines[-2] == "ER  - "


def test_employer_page_shows_its_manpower_demand(client):
    employer = ResourcePageFactory(type="employer", title="โรงแรมอันดามัน")
    employer.manpower_demands = [
        ManpowerDemand(year=2025, position="พนักงานต้อนรับส่วนหน้า", headcount=8)
    ]
    employer.save_revision().publish()
    html = client.get(employer.url).content.decode()
    assert "พนักงานต้อนรับส่วนหน้า" in html and "พ.ศ. 2568" in html


def test_expert_contact_details_only_when_public(client):
    hidden = ResourcePageFactory(type="expert", email="hidden@example.org")
    shown = ResourcePageFactory(
        type="expert", email="shown@example.org", contact_preference="public"
    )
    assert "hidden@example.org" not in client.get(hidden.url).content.decode()
    assert "shown@example.org" in client.get(shown.url).content.decode()


def test_home_page_lists_the_latest_public_resources(client):
    ResourcePageFactory(type="simulator", title="สถานีจำลองล่าสุด")
    ResourcePageFactory(type="expert", title="ผู้เชี่ยวชาญไม่ใช่สื่อ")
    latest = selectors.resources_latest(user=None, limit=6)
    assert [p.title for p in latest][0] == "สถานีจำลองล่าสุด"
    html = _text(client.get("/").content.decode())
    assert "สถานีจำลองล่าสุด" in html
    assert "ผู้เชี่ยวชาญไม่ใช่สื่อ" not in html
