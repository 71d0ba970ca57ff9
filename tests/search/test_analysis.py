"""Thai text analysis: normalisation, segmentation, stemming, trigrams (no corpus downloads)."""

from __future__ import annotations

import pytest

from search import analysis


def test_normalize_zero_width_thai_digits_fullwidth_and_case():
    text = "ระบบ\u200bควบคุม ๒๕๖๗ ＰＬＣ Sensor\u00ad"
    assert analysis.normalize(text) == "ระบบควบคุม 2567 plc sensor"


def test_normalize_keeps_sara_am_and_fixes_doubled_marks():
    # NFKC alone would decompose SARA AM; typed NIKHAHIT + SARA AA becomes SARA AM.
    assert analysis.normalize("กำลัง") == "กำลัง"
    assert analysis.normalize("ก\u0e4d\u0e32ลัง") == "กำลัง"
    # SARA E typed twice for SARA AE, a tone mark typed twice.
    assert analysis.normalize("เเปลก") == "แปลก"
    assert analysis.normalize("ก่่อน") == "ก่อน"


def test_thai_words_inside_a_sentence_are_segmented():
    tokens = analysis.tokens("ระบบควบคุมอัตโนมัติในโรงงาน")
    assert "ควบคุม" in tokens
    assert "โรงงาน" in tokens


def test_segmentation_is_paragraph_by_paragraph_and_drops_punctuation():
    tokens = analysis.tokens('การบำรุงรักษา "เครื่องยนต์".\n\nSensors, (PLC) [12]')
    assert tokens == ["การ", "บำรุงรักษา", "เครื่องยนต์", "sensor", "plc", "12"]


def test_english_is_stemmed_the_same_at_index_and_query_time():
    assert analysis.tokens("Sensors running") == analysis.tokens("sensor run")


def test_trigrams_of_thai_runs():
    assert analysis.trigrams("กขคง") == ["กขค", "ขคง"]
    assert analysis.trigrams("กข abc") == ["กข"]


@pytest.mark.parametrize("text", ["", "   ", "!!!", "\u200b\u200b", "(*)-\"'"])
def test_no_tokens_from_punctuation_or_invisible_characters(text):
    assert analysis.tokens(text) == []


def test_fts_syntax_is_never_a_token():
    tokens = analysis.tokens('"ระบบ" * NEAR(a b) OR -x')
    assert all('"' not in t and "*" not in t and "(" not in t for t in tokens)


def test_query_is_bounded():
    assert len(analysis.clean_query("ก" * 10_000)) <= analysis.MAX_QUERY_CHARS


def test_segmenter_is_offline(monkeypatch):
    """Nothing is downloaded at run time: PyThaiNLP's downloader must never be called."""
    import pythainlp.corpus

    def refuse(*args, **kwargs):
        raise AssertionError("PyThaiNLP tried to download a corpus")

    monkeypatch.setattr(pythainlp.corpus, "download", refuse)
    analysis._segmenter.cache_clear()
    analysis.thai_stopwords.cache_clear()
    assert analysis.tokens("เซ็นเซอร์วัดอุณหภูมิ")
    assert "ของ" in analysis.thai_stopwords()


def test_word_boundaries_cover_the_original_text():
    text = "ระบบควบคุม PLC"
    spans = analysis.word_boundaries(text)
    assert [text[a:b] for a, b in spans] == ["ระบบ", "ควบคุม", "PLC"]


def test_compounds_split_into_dictionary_words_of_four_letters_or_more():
    assert analysis.compound_parts("โรงงานอุตสาหกรรม") == ("โรงงาน", "อุตสาหกรรม")
    assert analysis.compound_parts("ระบบควบคุมอัตโนมัติ") == ("ระบบ", "ควบคุม", "อัตโนมัติ")
    # Short parts are not split off: a search for เรียน must not match every โรงเรียน.
    assert analysis.compound_parts("โรงเรียน") == ()
    assert analysis.compound_parts("การศึกษา") == ()
    # Stopwords among the parts are dropped; names and English are left alone.
    assert analysis.compound_parts("ความปลอดภัย") == ("ปลอดภัย",)
    assert analysis.compound_parts("พัทธ์ธีรา") == ()
    assert analysis.compound_parts("automation") == ()


def test_compound_parts_follow_every_token_of_a_field():
    tokens, _surfaces = analysis.tokens_and_surfaces("สอนงานโรงงานอุตสาหกรรม ที่สัตหีบ")
    assert tokens == ["สอน", "งาน", "โรงงานอุตสาหกรรม", "ที่", "สัตหีบ", "โรงงาน", "อุตสาหกรรม"]


def test_fold_makes_loanword_spelling_variants_one_key():
    assert {analysis.fold(w) for w in ("เซ็นเซอร์", "เซนเซอร์", "เซ็นเซอ")} == {"เซนเซอ"}
    assert {analysis.fold(w) for w in ("ซอฟต์แวร์", "ซอฟท์แวร์", "ซอฟแวร์")} == {"ซอฟแว"}
    assert analysis.fold("หุ่นยนต์") != analysis.fold("หุ่น")


def test_variant_spellings_are_segmented_like_the_word_they_spell():
    assert analysis.query_tokens("เซิฟเวอร์") == analysis.query_tokens("เซิร์ฟเวอร์")
    assert analysis.query_tokens("ซอฟแวร์") == analysis.query_tokens("ซอฟต์แวร์")


def test_words_people_type_stay_unfolded_for_did_you_mean():
    keys, surfaces = analysis.tokens_and_surfaces("เซ็นเซอร์")
    assert keys[0] == "เซนเซอ" and "เซ็นเซอร์" in surfaces
