"""The matching score, one-click partnership, the OVEC report against hand-computed numbers,
indicator formulas."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from content.models import Institution
from workforce import formulas, reports, scoring, selectors
from workforce.models import CurriculumUnit, Indicator, Partnership, UsageDaily

from .factories import (
    DemandFactory,
    EstablishmentFactory,
    PartnershipFactory,
    SupplyFactory,
    TeacherDevelopmentFactory,
    field,
    level,
)

pytestmark = pytest.mark.django_db


def college(key, province):
    institution = Institution.objects.filter(province_th=province).first()
    if institution:
        return institution
    return Institution.objects.create(key=key, name_th=f"วิทยาลัย {key}", province_th=province)


def test_score_parts_are_readable():
    parts = scoring.score_parts(
        unmet=12,
        employer_province="ชลบุรี",
        college_province="Chon Buri",
        required=["PLC", "หุ่นยนต์", "บัญชี"],
        covered=["PLC", "หุ่นยนต์"],
    )
    assert [(p.points, p.maximum) for p in parts] == [(30, 50), (30, 30), (13, 20)]
    assert "12" in parts[0].detail and "ชลบุรี" in parts[1].detail and "2" in parts[2].detail
    same_region = scoring.score_parts(
        unmet=40, employer_province="ระยอง", college_province="ชลบุรี", required=[], covered=[]
    )
    assert [p.points for p in same_region] == [50, 15, 0]
    elsewhere = scoring.score_parts(
        unmet=1, employer_province="เชียงใหม่", college_province="ชลบุรี", required=[], covered=[]
    )
    assert [p.points for p in elsewhere] == [2, 0, 0]


def test_competency_overlap_compares_thai_without_spaces_and_codes():
    units = [("ELE-01", "ติดตั้งระบบ PLC"), ("", "บำรุงรักษาหุ่นยนต์อุตสาหกรรม")]
    required = ["ติดตั้งระบบ PLC", "บำรุงรักษา หุ่นยนต์", "ELE-01 ขั้นสูง", "ทำบัญชี"]
    assert scoring.competency_overlap(required, units) == required[:3]


def test_matching_ranks_and_records_a_partnership(client, make_staff):
    near = college("near-tc", "ชลบุรี")
    far = college("far-tc", "เชียงใหม่")
    hvc = level("hvc")
    SupplyFactory(institution=near, level=hvc, graduates=8)
    SupplyFactory(institution=far, level=hvc, graduates=30)
    CurriculumUnit.objects.create(field=field(), code="U1", title_th="ติดตั้งระบบ PLC")
    employer = EstablishmentFactory(name_th="บริษัท ชลบุรีออโตเมชั่น จำกัด", province_th="ชลบุรี")
    DemandFactory(
        establishment=employer, level=hvc, headcount=15, competencies="ติดตั้งระบบ PLC\nงานเชื่อม"
    )
    PartnershipFactory(
        establishment=employer, institution=far, level=hvc, places_offered=5, places_filled=5
    )
    suggestions = selectors.matching_suggestions(field_of_study=field(), year=2567)
    assert [s.institution for s in suggestions] == [near, far]
    best = suggestions[0]
    assert best.demand.unmet == 10  # 15 demanded − 5 already placed
    assert [p.points for p in best.parts] == [25, 30, 10]
    assert best.score == 65 and best.places == 8
    # Only the field's staff may record it; one click (a POST) makes a proposed partnership.
    client.force_login(make_staff("cvm", "F64-11"))
    page = client.get("/workforce/f64-11/matching/?year=2567")
    assert page.status_code == 200 and "65" in page.content.decode()
    # The explanation is rendered from the scoring constants, in Thai by default.
    assert (
        f"คะแนนเต็ม {scoring.POINTS_MAX}: ความต้องการที่ยังไม่ได้รับ (สูงสุด {scoring.POINTS_UNMET} คะแนน "
        f"เต็มเมื่อขาด {scoring.UNMET_FULL_SCORE} คนขึ้นไป) ระยะทาง (จังหวัดเดียวกัน "
        f"{scoring.POINTS_DISTANCE} ภูมิภาคเดียวกัน {scoring.POINTS_SAME_REGION})"
    ) in page.content.decode()
    english = client.get("/en/workforce/f64-11/matching/?year=2567").content.decode()
    assert (
        f"Score out of {scoring.POINTS_MAX}: unmet demand (up to {scoring.POINTS_UNMET} " in english
    )
    response = client.post(
        "/workforce/f64-11/matching/?year=2567",
        {
            "establishment": employer.pk,
            "institution": near.pk,
            "level": hvc.pk,
            "year": 2567,
            "places": 8,
        },
    )
    assert response.status_code == 302
    created = Partnership.objects.get(institution=near)
    assert (created.status, created.places_offered, created.field.code) == ("proposed", 8, "F64-11")
    after = selectors.matching_suggestions(field_of_study=field(), year=2567)
    assert after[0].demand.unmet == 2
    bad = client.post(
        "/workforce/f64-11/matching/", {"institution": near.pk, "year": 2567, "places": 1}
    )
    assert bad.status_code == 400
    assert Partnership.objects.count() == 2


def test_matching_filters_by_region():
    hvc = level("hvc")
    SupplyFactory(level=hvc)
    DemandFactory(level=hvc, establishment__province_th="ชลบุรี")
    assert selectors.matching_suggestions(field_of_study=field(), year=2567, region="north") == []
    assert selectors.matching_suggestions(field_of_study=field(), year=2567, region="east")


def test_matching_filters_by_province():
    hvc = level("hvc")
    SupplyFactory(level=hvc)
    DemandFactory(level=hvc, establishment__province_th="ระยอง", establishment__name_th="ระยอง")
    DemandFactory(level=hvc, establishment__province_th="ชลบุรี", establishment__name_th="ชลบุรี")
    found = selectors.matching_suggestions(field_of_study=field(), year=2567, province="Rayong")
    assert {s.demand.name for s in found} == {"ระยอง"}
    assert selectors.matching_suggestions(field_of_study=field(), year=2567, province="น่าน") == []


def test_placements_left_over_by_one_demand_row_count_against_the_next():
    """An employer needs 5 + 10 of one level and already took 12: 3 remain, not 10."""
    hvc = level("hvc")
    employer = EstablishmentFactory()
    DemandFactory(establishment=employer, level=hvc, headcount=5, position="ก")
    DemandFactory(establishment=employer, level=hvc, headcount=10, position="ข")
    PartnershipFactory(establishment=employer, level=hvc, places_offered=12, places_filled=12)
    items = selectors.demand_items(field_of_study=field(), year=2567)
    assert sorted(item.unmet for item in items) == [0, 3]
    assert sum(item.unmet for item in items) == 3


@pytest.fixture
def report_fixture():
    """Fiscal year 2567 = 1 Oct 2023 – 30 Sep 2024. Values chosen so every count differs."""
    f = field()
    e1, e2 = EstablishmentFactory(), EstablishmentFactory()
    DemandFactory(establishment=e1, year=2567, headcount=7)
    DemandFactory(establishment=e1, year=2567, headcount=5, position="ช่างไฟฟ้า")
    DemandFactory(establishment=e2, year=2567, headcount=3)
    DemandFactory(establishment=e2, year=2566, headcount=100)  # other year: not counted
    PartnershipFactory(
        establishment=e1,
        year=2567,
        places_offered=6,
        places_filled=4,
        signed_on=dt.date(2023, 10, 1),
    )
    PartnershipFactory(
        establishment=e2,
        year=2567,
        places_offered=2,
        places_filled=1,
        signed_on=dt.date(2024, 10, 1),
    )  # signed in FY 2568
    PartnershipFactory(establishment=e2, year=2567, status="cancelled")  # not counted
    TeacherDevelopmentFactory(starts_on=dt.date(2024, 9, 30), hours=30, certificate="TPQI 4")
    TeacherDevelopmentFactory(starts_on=dt.date(2024, 2, 1), ends_on=dt.date(2024, 2, 2), hours=12)
    TeacherDevelopmentFactory(starts_on=dt.date(2023, 9, 30), ends_on=dt.date(2023, 9, 30))
    SupplyFactory(
        academic_year=2567,
        planned=40,
        enrolled=35,
        graduates=30,
        certified_tpqi=10,
        certified_dsd=5,
        certified_international=1,
        employed_or_studying=25,
    )
    SupplyFactory(
        academic_year=2567,
        level=level("hvc"),
        planned=20,
        enrolled=18,
        graduates=16,
        certified_tpqi=2,
        certified_dsd=0,
        certified_international=0,
        employed_or_studying=9,
    )
    UsageDaily.objects.create(
        day=dt.date(2024, 3, 1), kind="view", page_id=1, field=f, count=9, unique_users=4
    )
    UsageDaily.objects.create(
        day=dt.date(2024, 3, 1), kind="download", page_id=1, field=f, count=2, unique_users=2
    )
    UsageDaily.objects.create(
        day=dt.date(2023, 9, 30), kind="view", page_id=1, field=f, count=50, unique_users=50
    )
    Indicator.objects.create(
        code="cert-rate",
        name_th="อัตราการรับรอง",
        formula="graduates_certified / graduates * 100",
        target=30,
    )
    Indicator.objects.create(
        code="per-mou",
        name_th="ต่อ MOU",
        formula="places_filled / mous",
        target=10,
        higher_is_better=False,
    )
    return f


EXPECTED = {
    "establishments": 2,
    "demand_headcount": 15,
    "matches": 2,
    "mous": 1,
    "places_offered": 8,
    "places_filled": 5,
    "teachers_trained": 2,
    "teachers_certified": 1,
    "training_hours": 42,
    "planned": 60,
    "enrolled": 53,
    "graduates": 46,
    "graduates_certified": 18,
    "graduates_employed": 34,
    "resources_published": 0,
    "views": 9,
    "downloads": 2,
    "launches": 0,
    "attempts": 0,
    "unique_users": 6,
}


def test_report_numbers_match_the_hand_computed_fixture(report_fixture):
    report = selectors.field_report(field_of_study=report_fixture, fiscal_year=2567)
    assert report.counts == EXPECTED
    assert (report.start, report.end) == (dt.date(2023, 10, 1), dt.date(2024, 9, 30))
    rate, per_mou = report.indicators
    assert rate.value == Decimal("39.13") and rate.met is True  # 18 / 46 × 100
    assert per_mou.value == Decimal("5") and per_mou.met is True  # 5 / 1, lower is better


def test_report_files(client, report_fixture, make_staff):
    client.force_login(make_staff("cvm", "F64-11"))
    html = client.get("/workforce/f64-11/report/2567/")
    assert html.status_code == 200 and "39.13" in html.content.decode()
    xlsx = client.get("/workforce/f64-11/report/2567.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    header = [cell.value for cell in sheet[3]]
    values = [cell.value for cell in sheet[4]]
    assert values[0] == "F64-11"
    assert values[header.index("ผู้สำเร็จการศึกษา")] == 46
    pdf = client.get("/workforce/f64-11/report/2567.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client.get("/workforce/f64-11/report/2567.doc").status_code == 404
    # The national report is OVEC's.
    assert client.get("/workforce/reports/2567.xlsx").status_code == 403
    client.force_login(make_staff("ovec-user", "OVEC"))
    national = client.get("/workforce/reports/2567.xlsx")
    rows = list(load_workbook(io.BytesIO(national.content)).active.iter_rows(values_only=True))
    assert len(rows) == 3 + 101


def test_all_fields_pdf_puts_every_count_on_its_fields_line(client, report_fixture, make_staff):
    """The all-fields PDF lays five fields out per table row, one line each: every column must
    list the fields' values in the same order as the codes."""
    found = selectors.national_report(fiscal_year=2567)
    blocks = reports.summary_blocks(found)
    assert len(blocks) == 21  # 101 fields, five per row
    codes = [code for block in blocks for code in block.codes.split("\n")]
    assert codes == [report.field_of_study.code for report in found]
    line = codes.index("F64-11")
    for position, name in enumerate(formulas.COUNT_NAMES):
        column = [value for block in blocks for value in block.columns[position].split("\n")]
        assert len(column) == 101, name
        assert column[line] == str(EXPECTED[name]), name
        assert column[codes.index("F64-01")] == "0", name
    html = reports.reports_pdf_html(found, summary=True)
    assert "ผู้สำเร็จการศึกษา" in html and "F64-11" in html
    graduates = blocks[line // 5].columns[formulas.COUNT_NAMES.index("graduates")]
    assert f"<td>{graduates}</td>" in html
    # Only OVEC downloads the all-fields PDF.
    client.force_login(make_staff("cvm", "F64-11"))
    assert client.get("/workforce/reports/2567.pdf").status_code == 403
    client.force_login(make_staff("ovec-user", "OVEC"))
    response = client.get("/workforce/reports/2567.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert response["Content-Type"] == "application/pdf"


@pytest.mark.parametrize(
    ("formula", "expected"),
    [
        ("graduates / 2", Decimal("23")),
        ("max(mous, matches) * 10", Decimal("20")),
        ("views / launches", None),
    ],
)
def test_formula_evaluation(formula, expected):
    assert formulas.formula_evaluate(formula=formula, counts=EXPECTED) == expected


@pytest.mark.parametrize(
    "formula",
    [
        "",
        "graduates +",
        "__import__('os')",
        "salary * 2",
        "graduates ** 99999999",
        "open('x')",
        "graduates if views else mous",
        "[1, 2]",
        "'a' * 5",
    ],
)
def test_unsafe_or_bad_formulas_are_refused(formula):
    with pytest.raises(formulas.FormulaError):
        formulas.formula_validate(formula=formula)


def test_indicator_model_validation_message():
    from django.core.exceptions import ValidationError

    indicator = Indicator(code="x", name_th="x", formula="salary * 2")
    with pytest.raises(ValidationError) as error:
        indicator.full_clean()
    assert "salary" in str(error.value)


def test_supply_totals_follow_every_write():
    from workforce import services
    from workforce.models import SupplyRecord, SupplyTotal

    first = SupplyFactory(graduates=10)
    second = SupplyFactory(graduates=7, institution=college("other-tc", "ระยอง"))
    total = SupplyTotal.objects.get(field=first.field, academic_year=2567, level=first.level)
    assert (total.graduates, total.colleges) == (17, 2)
    second.graduates = 5
    second.save()
    assert selectors.supply_by_year(field_ids=[first.field_id])[2567]["graduates"] == 15
    second.academic_year = 2566  # moving a row updates both the old and the new total
    second.save()
    assert selectors.supply_by_year(field_ids=[first.field_id])[2567]["graduates"] == 10
    assert selectors.supply_by_year(field_ids=[first.field_id])[2566]["graduates"] == 5
    first.delete()
    assert 2567 not in selectors.supply_by_year(field_ids=[second.field_id])
    SupplyRecord.objects.bulk_create(
        [
            SupplyRecord(
                field=second.field,
                institution=second.institution,
                academic_year=2560,
                level=second.level,
                graduates=3,
            )
        ]
    )
    assert 2560 not in selectors.supply_by_year(field_ids=[second.field_id])  # no signal
    assert services.supply_totals_rebuild() == 2
    assert selectors.supply_by_year(field_ids=[second.field_id])[2560]["graduates"] == 3


def test_profile_page_demand_counts_and_matches_in_one_click(client, make_staff):
    """Demand rows of a live employer profile page (Gregorian years) join the dashboards, the
    matching and the report; recording a match links an establishment to the profile."""
    from content.models import EmployerProfilePage, KnowledgeBankPage, ManpowerDemand
    from workforce.models import Establishment

    bank = KnowledgeBankPage.objects.get(field__code="F64-11")
    hvc = level("hvc")
    employer = EmployerProfilePage(
        title="บริษัท สาธารณะ จำกัด", home_field=bank.field, province="ระยอง"
    )
    bank.add_child(instance=employer)
    employer.manpower_demands = [
        ManpowerDemand(
            year=2024, position="ช่างหุ่นยนต์", headcount=6, level=hvc, competencies="ติดตั้งระบบ PLC"
        ),
    ]
    employer.save_revision().publish()
    SupplyFactory(level=hvc, institution=college("east-tc", "ชลบุรี"), graduates=4)

    assert selectors.demand_by_year(field_ids=[bank.field_id]) == {2567: 6}
    report = selectors.field_report(field_of_study=bank.field, fiscal_year=2567)
    assert (report.counts["establishments"], report.counts["demand_headcount"]) == (1, 6)
    public = selectors.top_employers(field_ids=[bank.field_id], year=2567, public_only=True)
    assert [e.name for e in public] == ["บริษัท สาธารณะ จำกัด"]

    [suggestion] = selectors.matching_suggestions(field_of_study=bank.field, year=2567)
    assert suggestion.demand.profile_page_id == employer.pk
    assert [p.points for p in suggestion.parts] == [15, 15, 0]  # 6 unmet, same region (east)
    client.force_login(make_staff("cvm", "F64-11"))
    response = client.post(
        "/workforce/f64-11/matching/",
        {
            "profile_page": employer.pk,
            "institution": suggestion.institution.pk,
            "level": hvc.pk,
            "year": 2567,
            "places": suggestion.places,
        },
    )
    assert response.status_code == 302
    establishment = Establishment.objects.get(profile_page=employer)
    assert establishment.province_th == "ระยอง"
    assert Partnership.objects.get().establishment == establishment
    assert selectors.matching_suggestions(field_of_study=bank.field, year=2567)[0].demand.unmet == 2
