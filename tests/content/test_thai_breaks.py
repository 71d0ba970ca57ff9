"""Thai line breaking: break opportunities only between words, words kept whole."""

from content.thai_breaks import thai_nowrap, thai_segments, thai_wbr


def test_words_unknown_to_the_dictionary_stay_whole():
    assert thai_segments("สาขาวิชาเมคคาทรอนิกส์และหุ่นยนต์") == (
        "สาขาวิชา",
        "เมคคาทรอนิกส์",
        "และ",
        "หุ่นยนต์",
    )


def test_wbr_marks_only_the_places_between_thai_words_and_escapes():
    assert str(thai_wbr("ระบบนิวแมติกส์ <b>")) == (
        '<span class="tw">ระบบ</span><wbr><span class="tw">นิวแมติกส์</span> &lt;b&gt;'
    )


def test_no_break_before_closing_punctuation_in_pdf_headers():
    assert str(thai_nowrap("การจับคู่ (ความร่วมมือ)")) == (
        '<span class="w">การ</span>\u200b<span class="w">จับคู่</span> '
        '(<span class="w">ความร่วมมือ</span>)'
    )


def test_loanwords_cut_into_known_syllables_are_glued_back():
    assert "ออโตเมชัน" in thai_segments("บริษัท เจแปน พรีซิชั่น ออโตเมชัน จำกัด")
    assert thai_segments("ความต้องการและการผลิตกำลังคน") == (
        "ความต้องการ",
        "และ",
        "การผลิต",
        "กำลังคน",
    )
