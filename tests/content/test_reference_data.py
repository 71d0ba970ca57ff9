from collections import Counter

import pytest

from content.models import (
    FieldOfStudy,
    FieldRole,
    Industry,
    Institution,
    KnowledgeBankPage,
    Level,
    TeachingApproach,
)
from content.reference import data

pytestmark = pytest.mark.django_db


def test_there_are_101_fields_split_25_17_59_by_fiscal_year():
    assert FieldOfStudy.objects.count() == 101
    split = Counter(FieldOfStudy.objects.values_list("fiscal_year", flat=True))
    assert split == {2564: 25, 2565: 17, 2566: 59}


def test_field_codes_are_unique_and_stable():
    codes = list(FieldOfStudy.objects.values_list("code", flat=True))
    assert len(codes) == len(set(codes)) == 101
    assert FieldOfStudy.objects.get(code="F64-01").name_th == "สาขาวิชาเทคนิคเครื่องกล"
    assert FieldOfStudy.objects.get(code="F66-59").name_th == "สาขาวิชาการจัดการดูแลผู้สูงอายุ"


def test_eighty_distinct_host_colleges():
    assert Institution.objects.count() == 80
    assert FieldOfStudy.objects.values("host_college").distinct().count() == 80


def test_sattahip_is_spelt_one_way_and_hosts_three_fields():
    assert not Institution.objects.filter(name_th__contains="สัทหีบ").exists()
    sattahip = Institution.objects.get(name_th="วิทยาลัยเทคนิคสัตหีบ")
    assert set(sattahip.hosted_fields.values_list("code", flat=True)) == {
        "F64-11",
        "F66-18",
        "F66-19",
    }


def test_specialisations_are_kept_apart_from_the_field_name():
    field = FieldOfStudy.objects.get(code="F64-02")
    assert field.name_th == "สาขาวิชาเทคนิคเครื่องกล"
    assert field.specialisation_th == "สาขางานเทคนิคซ่อมตัวถังและสีรถยนต์"
    assert field.host_college.name_th == "วิทยาลัยการอาชีพไชยา"


def test_every_field_matches_the_manual_list():
    stored = {
        f.code: (f.name_th, f.specialisation_th, f.host_college.key, f.fiscal_year)
        for f in FieldOfStudy.objects.select_related("host_college")
    }
    for year, number, name_th, spec_th, _en, _spec_en, college, _ind in data.FIELDS:
        assert stored[data.field_code(year, number)] == (name_th, spec_th, college, year)


def test_vocabularies():
    assert Industry.objects.count() == 10
    assert Industry.objects.order_by("sort_order").first().name_th == "ยานยนต์สมัยใหม่"
    assert list(Level.objects.values_list("name_th", flat=True)) == [
        "ปวช.",
        "ปวส.",
        "ทล.บ.",
        "หลักสูตรระยะสั้น",
    ]
    assert TeachingApproach.objects.count() == 5
    assert set(FieldRole.objects.values_list("code", flat=True)) == {
        "cvm",
        "excellent",
        "expert",
        "standard",
    }


def test_host_colleges_hold_the_cvm_role_of_their_fields():
    field = FieldOfStudy.objects.get(code="F65-05")
    roles = {(r.institution_id, r.role.code) for r in field.college_roles.select_related("role")}
    assert roles == {(field.host_college_id, "cvm")}


def test_field_industry_mapping_is_editable():
    field = FieldOfStudy.objects.get(code="F64-20")
    digital = Industry.objects.get(code="digital")
    field.industries.add(digital)
    field.save()
    assert list(FieldOfStudy.objects.get(code="F64-20").industries.all()) == [digital]


def test_every_field_has_a_published_bank_page():
    assert KnowledgeBankPage.objects.live().count() == 101
    assert KnowledgeBankPage.objects.get(field__code="F64-11").slug == "f64-11"


def test_a_new_field_gets_its_bank_and_group(django_capture_on_commit_callbacks):
    from django.contrib.auth.models import Group

    with django_capture_on_commit_callbacks(execute=True):
        field = FieldOfStudy.objects.create(
            code="F67-01",
            name_th="สาขาวิชาทดสอบ",
            host_college=Institution.objects.first(),
            fiscal_year=2567,
        )
    assert KnowledgeBankPage.objects.filter(field=field).exists()
    assert Group.objects.filter(name="CVM F67-01").exists()
