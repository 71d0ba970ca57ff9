"""ONE shared test class for every search backend (the same behaviour everywhere).

Subclasses choose the backend: ``test_backend_embedded.py`` (SQLite by default, PostgreSQL when
``DATABASE_URL`` points at PostgreSQL) and ``test_backend_elasticsearch.py`` (runs only when
``ELASTICSEARCH_URL`` is set, against that live node).
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page, PageViewRestriction

from search import planning
from search import query as search_query
from search.backends import get_backend
from search.models import Synonym
from search.services import search_index_rebuild

from .conftest import ids, run


@pytest.mark.django_db
class BackendContract:
    @pytest.fixture(autouse=True)
    def _backend(self, db):
        get_backend().clear()
        yield
        get_backend().clear()

    # --- Thai and English text -------------------------------------------------------------
    def test_thai_word_inside_a_sentence_is_found(self, publish):
        publish(title="คู่มือระบบควบคุมอัตโนมัติในโรงงาน", external_id="plc-1")
        publish(title="การทำอาหารไทย", summary="ต้มยำกุ้ง", external_id="food-1")
        assert ids(run("ควบคุม")) == ["plc-1"]
        assert ids(run("โรงงาน")) == ["plc-1"]

    def test_a_part_of_a_thai_compound_finds_the_compound(self, publish):
        publish(title="คู่มือความปลอดภัยในโรงงานอุตสาหกรรม", external_id="compound")
        publish(title="การจัดการโรงงาน", external_id="plain")
        # Both by their words, not by the trigram fallback (the word search finds "plain").
        assert sorted(ids(run("โรงงาน"))) == ["compound", "plain"]
        assert ids(run("อุตสาหกรรม")) == ["compound"]

    def test_body_and_english_stemming(self, publish):
        publish(title="ชุดฝึก", summary="Calibrating temperature sensors", external_id="s-1")
        assert ids(run("sensor calibration")) == ["s-1"]

    def test_title_ranks_above_body(self, publish):
        publish(title="หุ่นยนต์อุตสาหกรรม", external_id="in-title")
        publish(title="คู่มือ", summary="บทหนึ่งกล่าวถึงหุ่นยนต์อุตสาหกรรมสั้นๆ", external_id="in-body")
        assert ids(run("หุ่นยนต์"))[0] == "in-title"

    def test_synonyms_work_both_ways(self, publish):
        publish(title="การติดตั้งเซ็นเซอร์วัดระดับน้ำ", external_id="th-sensor")
        publish(title="PLC programming basics", external_id="en-plc")
        Synonym.objects.create(terms="เซ็นเซอร์, sensor")
        Synonym.objects.create(terms="พีแอลซี, PLC")
        assert "th-sensor" in ids(run("sensor"))
        assert "en-plc" in ids(run("พีแอลซี"))

    def test_words_side_by_side_rank_before_the_same_words_apart(self, publish):
        publish(title="notes", summary="bridge river golden", external_id="apart")
        publish(title="notes", summary="river golden bridge", external_id="together")
        assert ids(run("golden bridge")) == ["together", "apart"]

    def test_the_shipped_glossary_finds_thai_resources_from_english_words(self, publish):
        publish(title="หุ่นยนต์อุตสาหกรรมเบื้องต้น", external_id="robot-1")
        publish(title="การซ่อมบำรุงหุ่นยนต์ในสายการผลิต", external_id="robot-2")
        publish(title="งานปูกระเบื้อง", external_id="tiles")
        thai = set(ids(run("หุ่นยนต์")))
        assert thai == {"robot-1", "robot-2"}
        assert set(ids(run("robot"))) == thai

    def test_the_shipped_glossary_finds_english_resources_from_thai_words(self, publish):
        publish(title="PLC programming basics", external_id="plc")
        publish(title="Sensor wiring for beginners", external_id="sensor")
        assert ids(run("พีแอลซี")) == ["plc"]
        assert ids(run("เซนเซอร์")) == ["sensor"]

    def test_loanword_spelling_variants_find_each_other(self, publish):
        Synonym.objects.all().delete()  # the spelling folding alone, not the glossary
        publish(title="การติดตั้งเซ็นเซอร์วัดระดับน้ำ", external_id="sensor")
        publish(title="ซอฟต์แวร์ควบคุมเครื่องจักร", external_id="software")
        assert ids(run("เซนเซอร์")) == ["sensor"]
        assert ids(run("ซอฟแวร์")) == ["software"]
        assert ids(run("ซอฟท์แวร์")) == ["software"]

    def test_large_index_matches_only_documents_with_a_rare_clause(self, publish, monkeypatch):
        publish(title="ระบบไฮดรอลิกส์ของรถขุด", external_id="rare")
        publish(title="ระบบไฟฟ้าในอาคาร", external_id="common-1")
        publish(title="ระบบประปา", external_id="common-2")
        assert sorted(ids(run("ระบบ ไฮดรอลิกส์"))) == ["common-1", "common-2", "rare"]
        # As on a large index: the candidate budget only admits the rarest clause.
        monkeypatch.setattr(planning, "CANDIDATE_MIN_DOCUMENTS", 0)
        monkeypatch.setattr(planning, "CANDIDATE_BUDGET", 1)
        monkeypatch.setattr(planning, "CANDIDATE_SHARE", 0)
        assert ids(run("ระบบ ไฮดรอลิกส์")) == ["rare"]

    # --- facets, filters, sort, pages ------------------------------------------------------
    def test_facets_count_and_filters_combine(self, publish):
        publish(type="research", field="F64-11", title="วิจัยหุ่นยนต์", external_id="r1", year=2023)
        publish(type="ebook", field="F64-11", title="หนังสือหุ่นยนต์", external_id="e1", year=2024)
        publish(type="ebook", field="F64-01", title="หุ่นยนต์เบื้องต้น", external_id="e2", year=2024)
        results = run("หุ่นยนต์")
        assert results.count == 3
        types = {f.value: f.count for f in results.facets["type"]}
        assert types == {"research": 1, "ebook": 2}
        fields = {f.value: f.count for f in results.facets["field"]}
        assert fields["F64-11"] == 2
        assert {f.value: f.count for f in results.facets["year"]} == {"2023": 1, "2024": 2}
        both = run("หุ่นยนต์", filters={"type": ["ebook"], "field": ["F64-11"]})
        assert ids(both) == ["e1"]
        either = run("หุ่นยนต์", filters={"type": ["ebook", "research"], "field": ["F64-11"]})
        assert sorted(ids(either)) == ["e1", "r1"]
        buddhist = run("หุ่นยนต์", filters={"year": ["2566"]})
        assert ids(buddhist) == ["r1"]

    def test_a_facets_counts_ignore_its_own_filter_only(self, publish):
        publish(type="research", field="F64-11", title="วิจัยหุ่นยนต์", external_id="r1", year=2023)
        publish(type="ebook", field="F64-11", title="หนังสือหุ่นยนต์", external_id="e1", year=2024)
        publish(type="ebook", field="F64-01", title="หุ่นยนต์เบื้องต้น", external_id="e2", year=2024)
        results = run("หุ่นยนต์", filters={"type": ["ebook"]})
        assert sorted(ids(results)) == ["e1", "e2"]
        # The other types stay countable (to add them to the filter)...
        types = {f.value: (f.count, f.selected) for f in results.facets["type"]}
        assert types == {"ebook": (2, True), "research": (1, False)}
        # ...while the other facets count only what the type filter lets through.
        assert {f.value: f.count for f in results.facets["field"]} == {"F64-11": 1, "F64-01": 1}
        both = run("หุ่นยนต์", filters={"type": ["ebook"], "field": ["F64-11"]})
        assert ids(both) == ["e1"]
        assert {f.value: f.count for f in both.facets["type"]} == {"research": 1, "ebook": 1}
        assert {f.value: f.count for f in both.facets["field"]} == {"F64-11": 1, "F64-01": 1}
        assert {f.value: f.count for f in both.facets["year"]} == {"2024": 1}

    def test_a_filter_that_excludes_everything_keeps_the_way_back(self, publish):
        publish(type="ebook", title="หุ่นยนต์เบื้องต้น", external_id="e1")
        results = run("หุ่นยนต์", filters={"type": ["research"]})
        assert results.count == 0 and results.suggestion is None  # the words do match
        types = {f.value: (f.count, f.selected) for f in results.facets["type"]}
        assert types == {"ebook": (1, False), "research": (0, True)}
        nothing = run("หุ่นยนต์ยักษ์ซ่อนแอบ", filters={"type": ["research"]})
        assert nothing.count == 0

    def test_unknown_facet_values_are_reported_not_errors(self, publish):
        publish(title="หุ่นยนต์", external_id="r1")
        results = run("หุ่นยนต์", filters={"type": ["spaceship"], "field": ["F99-99"]})
        assert ids(results) == ["r1"]
        assert len(results.messages) == 2
        assert "spaceship" in results.messages[0] or "spaceship" in results.messages[1]

    def test_sort_newest_and_pagination(self, publish):
        for n in range(5):
            publish(title=f"งานเชื่อมโลหะ ตอนที่ {n}", external_id=f"w{n}")
        newest = run("งานเชื่อม", sort="newest", page_size=2)
        assert newest.count == 5 and newest.num_pages == 3
        assert ids(newest) == ["w4", "w3"]
        assert ids(run("งานเชื่อม", sort="newest", page_size=2, page=3)) == ["w0"]
        assert ids(run("งานเชื่อม", sort="newest", page_size=2, page=99)) == []
        past_the_end = run("งานเชื่อม", page_size=2, page=99)
        assert ids(past_the_end) == [] and past_the_end.count == 5

    def test_filters_without_text_list_newest_first(self, publish):
        publish(type="ebook", title="หนึ่ง", external_id="a")
        publish(type="research", title="สอง", external_id="b")
        results = run("", filters={"type": ["ebook"]})
        assert ids(results) == ["a"]

    def test_browsing_counts_follow_every_change_of_the_index(self, publish):
        publish(type="ebook", title="หนึ่ง", external_id="a")
        first = run("", filters={"type": ["ebook"]})
        assert first.count == 1
        assert {f.value: f.count for f in first.facets["type"]} == {"ebook": 1}
        publish(type="ebook", title="สาม", external_id="c")
        publish(type="research", title="สี่", external_id="d")
        again = run("", filters={"type": ["ebook"]})  # the same query: no stale counts
        assert again.count == 2 and ids(again) == ["c", "a"]
        assert {f.value: f.count for f in again.facets["type"]} == {"ebook": 2, "research": 1}
        assert run("", filters={"type": ["ebook"]}, page=2, page_size=1).count == 2

    # --- privacy ---------------------------------------------------------------------------
    def test_restricted_resources_only_for_allowed_users(self, publish, after_commit, make_staff):
        page = publish(title="เอกสารภายในเครื่องกลึง", external_id="secret")
        publish(title="คู่มือเครื่องกลึง", external_id="open")
        group = Group.objects.get(name="OVEC")
        with after_commit():
            restriction = PageViewRestriction.objects.create(
                page=page, restriction_type=PageViewRestriction.GROUPS
            )
            restriction.groups.add(group)
            restriction.save()
        assert ids(run("เครื่องกลึง")) == ["open"]
        outsider = make_staff("outsider", "F64-11")
        assert ids(run("เครื่องกลึง", user=outsider)) == ["open"]
        insider = make_staff("insider", "OVEC")
        assert sorted(ids(run("เครื่องกลึง", user=insider))) == ["open", "secret"]
        assert {f.value: f.count for f in run("เครื่องกลึง").facets["type"]} == {"research": 1}

    # --- keeping the index current ---------------------------------------------------------
    def test_unpublish_delete_and_move(self, publish, after_commit):
        page = publish(title="การซ่อมบำรุงอากาศยาน", external_id="air")
        assert ids(run("อากาศยาน")) == ["air"]
        with after_commit():
            page.unpublish()
        assert ids(run("อากาศยาน")) == []
        with after_commit():
            page.save_revision().publish()
        assert ids(run("อากาศยาน")) == ["air"]
        other_bank = Page.objects.get(knowledgebankpage__field__code="F64-01")
        with after_commit():
            page.move(other_bank, pos="last-child")
        hit = run("อากาศยาน").hits[0]
        assert "/f64-01/" in hit.url.lower()
        with after_commit():
            Page.objects.get(pk=page.pk).delete()
        assert ids(run("อากาศยาน")) == []

    def test_rebuild_replaces_the_index_and_drops_stale_documents(self, publish):
        publish(title="งานไฟฟ้ากำลัง", external_id="p1")
        from search.index import IndexDocument

        get_backend().index_documents(
            [IndexDocument(page_id=987654, title="งานไฟฟ้าเก่า", resource_type="ebook")]
        )
        assert run("ไฟฟ้า").count == 2
        seen = []
        search_index_rebuild(progress=lambda done, total: seen.append((done, total)))
        assert ids(run("ไฟฟ้า")) == ["p1"]
        assert seen[-1] == (1, 1)

    # --- presentation ----------------------------------------------------------------------
    def test_snippet_is_escaped_and_highlighted_on_word_boundaries(self, publish):
        publish(
            title="ความปลอดภัย",
            summary="ก่อนใช้ <script>alert(1)</script> เครื่องเจียรต้องสวมแว่นตานิรภัยทุกครั้ง",
            external_id="safe",
        )
        snippet = str(run("แว่นตา").hits[0].snippet)
        assert "<script" not in snippet and "script&gt;" in snippet
        assert "<mark>แว่นตา</mark>" in snippet

    def test_did_you_mean_when_nothing_is_found(self, publish):
        publish(title="เทคโนโลยีเครื่องปรับอากาศ", summary="refrigeration systems", external_id="a")
        results = run("refrigaration")
        assert results.count == 0
        assert results.suggestion == "refrigeration"
        assert ids(run(results.suggestion)) == ["a"]

    def test_thai_misspelling_falls_back_to_trigrams(self, publish):
        publish(title="เทคโนโลยีเครื่องปรับอากาศ", external_id="a")
        # ษ typed for ศ: no word matches, the character trigrams still find it.
        assert ids(run("เครื่องปรับอากาษ")) == ["a"]

    def test_autocomplete_titles_thai_and_english(self, publish):
        publish(title="เครื่องมือวัดละเอียด", title_en="Precision measuring tools", external_id="a")
        assert [i.title for i in search_query.search_autocomplete(text="เครื่องมือว")]
        assert [i.title for i in search_query.search_autocomplete(text="precis")]
        assert search_query.search_autocomplete(text="") == []

    def test_related_resources(self, publish):
        a = publish(title="การเชื่อมไฟฟ้าด้วยลวดเชื่อม", summary="ลวดเชื่อม กระแสไฟ", external_id="a")
        publish(title="ลวดเชื่อมและกระแสไฟในงานเชื่อม", external_id="b")
        publish(title="การทำขนมไทย", external_id="c")
        related = search_query.search_related(page_id=a.pk)
        assert [h.external_id for h in related][:1] == ["b"]
        assert "a" not in [h.external_id for h in related]
