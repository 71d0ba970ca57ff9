"""Absolute URLs point at SITE_BASE_URL; a migrated database has every bank."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management.sql import emit_post_migrate_signal
from wagtail.models import Site

from content.models import FieldOfStudy, KnowledgeBankPage

from .factories import ResourcePageFactory

pytestmark = pytest.mark.django_db
BASE = "http://testserver"  # WAGTAILADMIN_BASE_URL (SITE_BASE_URL) of the test settings


def test_migrate_gives_every_field_a_bank_and_the_site_its_address(settings):
    KnowledgeBankPage.objects.get(field__code="F66-17").delete()
    Site.objects.filter(is_default_site=True).update(hostname="localhost", port=80)
    settings.WAGTAILADMIN_BASE_URL = "https://intelligent-center.example"
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert KnowledgeBankPage.objects.filter(field__code="F66-17").exists()
    assert KnowledgeBankPage.objects.count() == FieldOfStudy.objects.count()
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.root_url) == (
        "intelligent-center.example",
        443,
        "https://intelligent-center.example",
    )


ABSOLUTE = re.compile(r"""(?:href|src|content|action)=["'](https?://[^"']+)|"(https?://[^"\\]+)""")
OURS = {"testserver", "localhost", "127.0.0.1"}


def _absolute_urls(text: str) -> list[str]:
    return [a or b for a, b in ABSOLUTE.findall(text)]


def test_crawl_from_home_every_absolute_url_of_ours_is_at_site_base_url(client):
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    ResourcePageFactory(type="research", title="งานวิจัยแขนกล", authors="ผู้วิจัย ก")
    ResourcePageFactory(type="ebook", title="หนังสือไฟฟ้า")
    start = [
        "/",
        "/en/",
        "/f64-11/",
        "/api/v1/resources/",
        "/api/v1/",
        "/oai/?verb=ListRecords&metadataPrefix=oai_dc",
    ]
    queue, seen, found = list(start), set(), []
    while queue and len(seen) < 60:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        if response.status_code != 200:
            continue
        text = response.content.decode(errors="replace")
        found += _absolute_urls(text)
        for href in re.findall(r'href="(/[^"#?]*)"', text):
            if not href.startswith(("/admin", "/django-admin", "/static", "/documents", "/lti")):
                queue.append(href)
    ours = [url for url in found if urlsplit(url).hostname in OURS]
    assert len(ours) >= 10, "the crawl met too few of our absolute URLs to judge"
    wrong = sorted({url for url in ours if not url.startswith(BASE + "/")})
    assert wrong == []
    # the resources' own pages are among them (API ``url``, OAI ``dc:identifier``, JSON-LD)
    assert any(url.startswith(urljoin(BASE, "/f64-11/test-")) for url in ours)
