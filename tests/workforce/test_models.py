"""Workforce models share the Thai-first bilingual name of the reference data."""

from django.utils import translation

from content.models import FieldOfStudy
from intelligent_center.bilingual import BilingualNameMixin
from workforce.models import Establishment, Indicator


def test_establishments_and_indicators_use_the_shared_bilingual_name():
    for model in (Establishment, Indicator, FieldOfStudy):
        assert issubclass(model, BilingualNameMixin)
    named = Establishment(name_th="บริษัท ไทย จำกัด", name_en="Thai Co., Ltd.")
    unnamed_en = Indicator(name_th="อัตราการได้งาน")
    with translation.override("en"):
        assert (named.name, str(named)) == ("Thai Co., Ltd.", "Thai Co., Ltd.")
        assert str(unnamed_en) == "อัตราการได้งาน"  # no English name: the Thai one
    with translation.override("th"):
        assert str(named) == "บริษัท ไทย จำกัด"
