"""What search engines and scholars find: robots.txt, sitemap.xml, head tags, Atom feeds."""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from django.core.files.base import ContentFile
from lxml import etree
from wagtail.documents import get_document_model
from wagtail.models import PageViewRestriction

from content.models import Institution
from tests.files.factories import thai_pdf_bytes

from .factories import ResourcePageFactory

pytestmark = pytest.mark.django_db
BASE = "http://testserver"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ATOM = "{http://www.w3.org/2005/Atom}"


def _meta(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<meta (?:name|property)="([^"]+)" content="([^"]*)"', html)


@pytest.fixture
def research():
    report = get_document_model()(title="รายงานฉบับเต็ม")
    report.file = ContentFile(thai_pdf_bytes(1), name="report.pdf")
    report.save()
    return ResourcePageFactory(
        type="research",
        title="การพัฒนาแขนกลอัจฉริยะ",
        title_en="Developing a smart robot arm",
        authors="สมชาย ใจดี\nสมหญิง รักเรียน",
        year=2024,
        institution=Institution.objects.order_by("pk").first(),
        report=report,
    )


def test_robots_txt_keeps_crawlers_out_of_staff_lti_and_search_pages(client):
    text = client.get("/robots.txt").content.decode()
    for path in ("/admin/", "/lti/", "/search/", "/en/search/"):
        assert f"Disallow: {path}\n" in text
    assert f"Sitemap: {BASE}/sitemap.xml" in text


def test_sitemap_validates_and_lists_every_public_resource_in_both_languages(client, research):
    hidden = ResourcePageFactory(type="ebook", title="สำหรับสมาชิก")
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)
    body = client.get("/sitemap.xml").content
    schema = etree.XMLSchema(etree.parse(str(Path(__file__).with_name("sitemap.xsd"))))
    schema.assertValid(etree.fromstring(body))
    locations = {loc.text for loc in ET.fromstring(body).iter(f"{SM}loc")}  # noqa: S314
    assert research.get_full_url() in locations
    assert research.get_full_url().replace(BASE, BASE + "/en", 1) in locations
    assert hidden.get_full_url() not in locations
    assert f"{BASE}/f64-11/" in locations and f"{BASE}/en/f64-11/" in locations


def test_research_page_has_complete_scholar_citation_tags(client, research):
    tags = _meta(client.get(research.url).content.decode())
    citation = [(name, value) for name, value in tags if name.startswith("citation_")]
    names = [name for name, _ in citation]
    assert ("citation_title", "การพัฒนาแขนกลอัจฉริยะ") in citation
    assert [v for n, v in citation if n == "citation_author"] == ["สมชาย ใจดี", "สมหญิง รักเรียน"]
    assert ("citation_publication_date", "2024") in citation
    assert ("citation_pdf_url", BASE + research.report.url) in citation
    assert "citation_technical_report_institution" in names


def test_every_page_has_canonical_and_hreflang_links(client, research):
    for path, canonical in [
        (research.url, research.get_full_url()),
        ("/en" + research.url, BASE + "/en" + research.url),
        ("/f64-11/", BASE + "/f64-11/"),
        ("/", BASE + "/"),
    ]:
        html = client.get(path).content.decode()
        assert f'<link rel="canonical" href="{canonical}">' in html
        assert 'hreflang="th"' in html and 'hreflang="en"' in html and "x-default" in html


def test_open_graph_and_twitter_cards(client, research):
    tags = dict(_meta(client.get("/en" + research.url).content.decode()))
    assert tags["og:title"] == "Developing a smart robot arm"
    assert tags["og:type"] == "article" and tags["og:locale"] == "en_US"
    assert tags["og:url"] == BASE + "/en" + research.url
    assert tags["twitter:card"] in ("summary", "summary_large_image")


def test_atom_feeds_per_field_and_per_type(client, research):
    elsewhere = ResourcePageFactory(type="ebook", title="หนังสือสาขาอื่น", field="F66-17")

    def titles(path):
        response = client.get(path)
        assert response["Content-Type"].startswith("application/atom+xml")
        root = ET.fromstring(response.content)  # noqa: S314
        return [entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")]

    assert titles("/feeds/F64-11/") == ["การพัฒนาแขนกลอัจฉริยะ"]
    assert titles("/feeds/type/ebook/") == ["หนังสือสาขาอื่น"]
    assert set(titles("/feeds/")) >= {research.title, elsewhere.title}
    assert client.get("/feeds/F99-99/").status_code == 404
    assert client.get("/feeds/type/expert/").status_code == 404
