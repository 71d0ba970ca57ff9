import datetime as dt

from django.utils import translation

from content import dates


def test_thai_dates_use_the_buddhist_era():
    day = dt.date(2026, 11, 21)
    assert dates.format_date(day, language="th") == "21 พฤศจิกายน 2569"
    assert dates.format_date(day, short=True, language="th") == "21 พ.ย. 2569"
    assert dates.format_date(day, language="en") == "21 November 2026"


def test_datetimes_are_shown_in_bangkok_time():
    late_utc = dt.datetime(2026, 12, 31, 20, 0, tzinfo=dt.UTC)  # 03:00 on 1 Jan in Bangkok
    assert dates.format_date(late_utc, language="th") == "1 มกราคม 2570"


def test_years_follow_the_active_language():
    with translation.override("th"):
        assert dates.format_year(2024) == "พ.ศ. 2567"
    with translation.override("en"):
        assert dates.format_year(2024) == "2024"
    assert dates.format_year(None) == ""
