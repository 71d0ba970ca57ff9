"""Suggestions as the user types (/api/v1/search/autocomplete/): glossary terms Thai ↔ English,
titles by prefix (Thai without spaces too), page privacy, Thai/English, cached and bounded."""

from __future__ import annotations

import pytest
from wagtail.models import PageViewRestriction

from search.backends import get_backend
from search.models import Synonym
from search.suggest import glossary_matches, suggestions_for

pytestmark = pytest.mark.django_db

URL = "/api/v1/search/autocomplete/"


@pytest.fixture(autouse=True)
def _clean_index(db):
    get_backend().clear()


@pytest.fixture
def glossary(db):
    """A small glossary instead of the shipped one (migration 0004: hundreds of groups that also
    match these prefixes), so each test sees exactly which terms match. The PLC group keeps the
    shipped glossary's spaced spelling, which must never be what is shown."""
    Synonym.objects.all().delete()
    Synonym.objects.create(terms="พีแอลซี, พี แอล ซี, PLC, programmable logic controller")
    Synonym.objects.create(terms="เซ็นเซอร์, เซนเซอร์, sensor")
    Synonym.objects.create(terms="หุ่นยนต์, robot")


def test_glossary_term_by_thai_prefix_with_its_translation(client, glossary):
    data = client.get(URL, {"q": "พีแอ"}).json()
    assert data["terms"][0]["term"] == "พีแอลซี"
    assert data["terms"][0]["alternatives"] == ["PLC", "programmable logic controller"]
    assert (
        data["terms"][0]["url"]
        == "http://testserver/search/?q=%E0%B8%9E%E0%B8%B5%E0%B9%81%E0%B8%AD%E0%B8%A5%E0%B8%8B%E0%B8%B5"
    )


def test_glossary_term_by_english_prefix_case_insensitive(client, glossary):
    terms = [t["term"] for t in client.get(URL, {"q": "Sens"}).json()["terms"]]
    assert terms == ["sensor"]


def test_glossary_term_by_a_later_word(glossary):
    assert [term for term, _others in glossary_matches("logic")] == [
        "programmable logic controller"
    ]


def test_one_suggestion_per_glossary_group(glossary):
    # เซ็นเซอร์ and เซนเซอร์ are the same group: one suggestion, the other is its alternative.
    matches = glossary_matches("เซ")
    assert len(matches) == 1


def test_shipped_glossary_suggests_each_group_once_as_written(db):
    # The glossary of migration 0004 lists "พีแอลซี, พี แอล ซี, PLC, …": one suggestion, written
    # without the spaces.
    assert [term for term, _others in glossary_matches("พีแอ")] == ["พีแอลซี"]


def test_staff_group_overlapping_the_shipped_glossary_is_suggested_once(db):
    Synonym.objects.create(terms="พีแอลซี, PLC")
    assert [term for term, _others in glossary_matches("พีแอ")] == ["พีแอลซี"]
    assert [term for term, _others in glossary_matches("plc")] == ["PLC"]


def test_glossary_edits_show_at_once(client, glossary):
    assert client.get(URL, {"q": "ไฮดร"}).json()["terms"] == []
    Synonym.objects.create(terms="ไฮดรอลิกส์, hydraulics")
    assert client.get(URL, {"q": "ไฮดร"}).json()["terms"][0]["term"] == "ไฮดรอลิกส์"


def test_title_by_a_thai_word_typed_half_way(client, publish):
    publish(type="econtent", title="คลิปสาธิต: การตั้งค่าเซนเซอร์พร็อกซิมิตี", external_id="s1")
    publish(type="ebook", title="ระบบขับเคลื่อนรถยนต์ไฟฟ้า", external_id="s2")
    # The segmenter cuts a half-typed word into pieces (เซนเซอ → เซน เซ อ).
    assert [r["title"] for r in client.get(URL, {"q": "เซนเซอ"}).json()["results"]] == [
        "คลิปสาธิต: การตั้งค่าเซนเซอร์พร็อกซิมิตี"
    ]
    assert [r["title"] for r in client.get(URL, {"q": "ระบบขับเคลื่"}).json()["results"]] == [
        "ระบบขับเคลื่อนรถยนต์ไฟฟ้า"
    ]


def test_english_titles_links_and_labels_with_lang_en(client, publish, glossary):
    publish(type="ebook", title="หุ่นยนต์อุตสาหกรรม", title_en="Industrial robots", external_id="r")
    data = client.get(URL, {"q": "robo", "lang": "en"}).json()
    assert data["terms"][0]["url"].startswith("http://testserver/en/search/?q=robot")
    (item,) = data["results"]
    assert item["title"] == "Industrial robots"
    assert item["type_label"] == "e-book"


def test_restricted_resources_never_suggested_to_anonymous(
    client, publish, after_commit, make_staff
):
    page = publish(title="แผนพัฒนาหุ่นยนต์ลับ", external_id="secret")
    publish(title="แผนพัฒนาหุ่นยนต์สาธารณะ", external_id="open")
    with after_commit():
        PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    titles = [r["title"] for r in client.get(URL, {"q": "แผนพัฒ"}).json()["results"]]
    assert titles == ["แผนพัฒนาหุ่นยนต์สาธารณะ"]
    client.force_login(make_staff("someone", "F64-11"))
    titles = [r["title"] for r in client.get(URL, {"q": "แผนพัฒ"}).json()["results"]]
    assert sorted(titles) == ["แผนพัฒนาหุ่นยนต์ลับ", "แผนพัฒนาหุ่นยนต์สาธารณะ"]


def test_one_character_suggests_nothing(client, glossary):
    data = client.get(URL, {"q": "พ"}).json()
    assert data["terms"] == [] and data["results"] == []


def test_answers_are_cached_and_bounded(publish, glossary, django_assert_max_num_queries):
    for n in range(30):
        publish(title=f"หุ่นยนต์เชื่อมโลหะ รุ่น {n}", external_id=f"w{n}")
    with django_assert_max_num_queries(8):
        first = suggestions_for(text="หุ่นยน")
    assert first[0].kind == "term" and first[0].title == "หุ่นยนต์"
    assert len([s for s in first if s.kind == "resource"]) == 6
    with django_assert_max_num_queries(0):
        assert suggestions_for(text="หุ่นยน") == first
