"""#14 items 4 and 9 through the real views: workforce files never carry a live formula, and an
import changes only rows the importer may edit."""

import csv
import io

import pytest
from openpyxl import load_workbook

from content.models import Industry, Level
from workforce.models import EmployerDemand, Establishment, Indicator, Partnership

from .factories import DemandFactory, EstablishmentFactory, field

pytestmark = pytest.mark.django_db

DEMAND_HEADER = "field,establishment,province,industry,year,position,headcount,level,competencies"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HOSTILE = '=HYPERLINK("http://127.0.0.1/x","คลิก")'


def _upload(client, kind, *lines, name="data.csv"):
    upload = io.BytesIO(("\n".join(lines) + "\n").encode())
    upload.name = name
    return client.post(f"/admin/workforce/transfer/{kind}/import/", {"file": upload})


def _live_formulas_csv(content: bytes) -> list[str]:
    rows = csv.reader(io.StringIO(content.decode("utf-8-sig")))
    return [cell for row in rows for cell in row if cell.startswith(FORMULA_STARTS)]


def _live_formulas_xlsx(content: bytes) -> list:
    workbook = load_workbook(io.BytesIO(content))
    return [
        cell.value
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
        or (isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS))
    ]


# --- Item 9: cross-field writes ----------------------------------------------------------------


def test_an_import_never_changes_another_fields_establishment(client, make_staff):
    industry = Industry.objects.order_by("pk").first()
    theirs = EstablishmentFactory(
        name_th="บริษัท ร่วม จำกัด", province_th="ชลบุรี", field=field("F66-17"), industry=None
    )
    client.force_login(make_staff("cvm-f64-11", "F64-11"))
    response = _upload(
        client,
        "demand",
        DEMAND_HEADER,
        f"F64-11,บริษัท ร่วม จำกัด,ชลบุรี,{industry.code},2567,ช่างไฟฟ้า,4,hvc,",
    )
    assert response.status_code == 200, response.content.decode()[-3000:]
    theirs.refresh_from_db()
    assert (theirs.industry_id, theirs.field.code) == (None, "F66-17")
    # The row itself is the importer's own: it points at the shared establishment.
    assert EmployerDemand.objects.get().establishment == theirs


def test_an_import_still_completes_its_own_fields_establishment(client, make_staff):
    industry = Industry.objects.order_by("pk").first()
    own = EstablishmentFactory(name_th="บริษัท เรา จำกัด", province_th="ระยอง", industry=None)
    client.force_login(make_staff("cvm-f64-11", "F64-11"))
    _upload(
        client,
        "demand",
        DEMAND_HEADER,
        f"F64-11,บริษัท เรา จำกัด,ระยอง,{industry.code},2567,ช่างไฟฟ้า,4,hvc,",
    )
    own.refresh_from_db()
    assert own.industry == industry


def test_other_fields_staff_cannot_touch_rows_by_reference(client, make_staff):
    """Two fields' staff: the second cannot rewrite the first's partnership by its reference."""
    college = field().host_college.key
    header = (
        "reference,field,establishment,province,college,mode,purpose,year,level,"
        "places_offered,places_filled,signed_on,starts_on,ends_on,status"
    )
    line = "P-SHARED,{code},บริษัท ก จำกัด,ชลบุรี,{college},dual,student_placement,2567,,{n},1,,,,active"
    client.force_login(make_staff("cvm-f64-11", "F64-11"))
    own = line.format(code="F64-11", college=college, n=5)
    first = _upload(client, "partnerships", header, own)
    assert first.status_code == 200
    client.force_login(make_staff("cvm-f66-17", "F66-17"))
    response = _upload(
        client, "partnerships", header, line.format(code="F66-17", college=college, n=99)
    )
    assert response.status_code == 400
    assert Partnership.objects.get(reference="P-SHARED").places_offered == 5


# --- Item 4: formula injection -----------------------------------------------------------------


@pytest.fixture
def hostile_demand(make_staff):
    establishment = EstablishmentFactory(name_th="+SUM(1,2)", province_th="ชลบุรี")
    return DemandFactory(
        establishment=establishment, position=HOSTILE, competencies="@cmd\n-2+3\n\tx"
    )


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_admin_exports_write_no_formula(client, make_staff, hostile_demand, fmt):
    client.force_login(make_staff("cvm", "F64-11"))
    response = client.get(f"/admin/workforce/transfer/demand/export.{fmt}")
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    found = _live_formulas_csv(content) if fmt == "csv" else _live_formulas_xlsx(content)
    assert found == []


def test_a_neutralised_export_imports_back_unchanged(client, make_staff, hostile_demand):
    client.force_login(make_staff("cvm", "F64-11"))
    exported = client.get("/admin/workforce/transfer/demand/export.csv").content
    upload = io.BytesIO(exported)
    upload.name = "demand.csv"
    response = client.post("/admin/workforce/transfer/demand/import/", {"file": upload})
    assert response.status_code == 200
    demand = EmployerDemand.objects.get()
    assert (demand.position, demand.establishment.name_th) == (HOSTILE, "+SUM(1,2)")
    assert Establishment.objects.count() == 1


def test_dashboard_csv_writes_no_formula(client, make_staff):
    demand = DemandFactory()
    Level.objects.filter(pk=demand.level_id).update(name_th="=1+2", name_en="=1+2")
    response = client.get("/workforce/data/F64-11/levels.csv")
    assert response.status_code == 200
    assert "'=1+2" in response.content.decode("utf-8-sig")
    assert _live_formulas_csv(response.content) == []


def test_report_xlsx_writes_no_formula(client, make_staff):
    Indicator.objects.create(code="evil", name_th=HOSTILE, formula="graduates", target=1)
    client.force_login(make_staff("ovec-user", "OVEC"))
    response = client.get("/workforce/reports/2567.xlsx")
    assert response.status_code == 200
    assert _live_formulas_xlsx(response.content) == []
