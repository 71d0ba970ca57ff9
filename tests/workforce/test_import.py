"""Import/export: every error path keeps the database unchanged and names the line."""

import io

import pytest
from openpyxl import Workbook, load_workbook

from workforce import importing
from workforce.models import EmployerDemand, Establishment, Partnership, SupplyRecord

from .factories import SupplyFactory, field

pytestmark = pytest.mark.django_db

SUPPLY_HEADER = (
    "field,college,academic_year,level,planned,enrolled,graduates,certified_tpqi,"
    "certified_dsd,certified_international,employed_or_studying"
)


@pytest.fixture
def college_key():
    return field().host_college.key


@pytest.fixture
def ovec(make_staff):
    return make_staff("ovec-user", "OVEC")


def csv_bytes(*lines):
    return ("\n".join(lines) + "\n").encode()


def run(kind, data, user, filename="data.csv"):
    return importing.import_file(kind=kind, data=data, filename=filename, user=user)


def test_supply_csv_import_then_reimport_updates(college_key, ovec):
    data = csv_bytes(SUPPLY_HEADER, f"F64-11,{college_key},2567,hvc,40,35,30,10,5,0,25")
    result = run("supply", data, ovec)
    assert result.ok, result.errors
    assert (result.created, result.updated) == (1, 0)
    again = run(
        "supply",
        csv_bytes(SUPPLY_HEADER, f"F64-11,{college_key},2567,hvc,40,35,31,10,5,0,25"),
        ovec,
    )
    assert (again.created, again.updated) == (0, 1)
    assert SupplyRecord.objects.get().graduates == 31


@pytest.mark.parametrize(
    ("line", "column", "fragment"),
    [
        ("F99-99,{college},2567,hvc,1,1,1,0,0,0,0", "field", "Unknown field code"),
        ("F64-11,nowhere,2567,hvc,1,1,1,0,0,0,0", "college", "Unknown college"),
        ("F64-11,{college},2024,hvc,1,1,1,0,0,0,0", "academic_year", "Buddhist era"),
        ("F64-11,{college},2567,phd,1,1,1,0,0,0,0", "level", "Unknown level"),
        ("F64-11,{college},2567,hvc,abc,1,1,0,0,0,0", "planned", "not a whole number"),
        ("F64-11,{college},2567,hvc,-3,1,1,0,0,0,0", "planned", "negative"),
        ("F64-11,{college},2567,hvc,1,1,,0,0,0,0", "graduates", "required"),
        ("F64-11,{college},2567,hvc,1,1,1,5,0,0,0", "certified_tpqi", "More graduates certified"),
        ("F64-11,{college},2567,hvc,1,1,1,0,0,0,9", "employed_or_studying", "employed"),
    ],
)
def test_supply_bad_values_save_nothing(college_key, ovec, line, column, fragment):
    good = f"F64-11,{college_key},2566,hvc,1,1,1,0,0,0,0"
    result = run("supply", csv_bytes(SUPPLY_HEADER, good, line.format(college=college_key)), ovec)
    assert not result.ok
    assert SupplyRecord.objects.count() == 0  # the good line 2 is not saved either
    error = result.errors[0]
    assert error.line == 3
    assert error.column == column
    assert fragment in error.message
    assert " / " in error.message  # Thai / English


def test_whole_file_errors(ovec):
    cases = [
        (b"", "data.csv", "empty"),
        (b"field,college\n", "data.txt", ".csv or .xlsx"),
        (b"\xff\xfe\x00bad", "data.csv", "UTF-8"),
        (b"not a zip", "data.xlsx", "cannot be read"),
        (csv_bytes("field,college,academic_year"), "data.csv", "Missing columns"),
        (csv_bytes(SUPPLY_HEADER + ",colour"), "data.csv", "Unknown columns"),
    ]
    for data, filename, fragment in cases:
        result = run("supply", data, ovec, filename)
        assert not result.ok
        assert fragment in str(result.errors[0]), (filename, result.errors)


def test_too_many_lines(ovec, monkeypatch):
    monkeypatch.setattr(importing.reading, "MAX_ROWS", 2)
    lines = [SUPPLY_HEADER] + ["x"] * 3
    result = run("supply", csv_bytes(*lines), ovec)
    assert "More than 2 lines" in str(result.errors[0])


def test_duplicate_lines_in_one_file(college_key, ovec):
    line = f"F64-11,{college_key},2567,hvc,1,1,1,0,0,0,0"
    result = run("supply", csv_bytes(SUPPLY_HEADER, line, line), ovec)
    assert [e.line for e in result.errors] == [3]
    assert "line 2" in result.errors[0].message


def test_cvm_staff_cannot_import_another_field(college_key, make_staff):
    user = make_staff("cvm", "F64-11")
    data = csv_bytes(SUPPLY_HEADER, f"F64-01,{college_key},2567,hvc,1,1,1,0,0,0,0")
    result = run("supply", data, user)
    assert not result.ok
    assert "F64-01" in result.errors[0].message
    assert SupplyRecord.objects.count() == 0


def test_demand_xlsx_import_creates_establishment(ovec):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([c.key for c in importing.SPECS["demand"].columns])
    sheet.append(
        [
            "F64-11",
            "บริษัท หุ่นยนต์ไทย จำกัด",
            "Chon Buri",
            "",
            2567,
            "ช่างซ่อมบำรุง",
            12,
            "hvc",
            "ติดตั้งระบบ PLC; บำรุงรักษาหุ่นยนต์",
        ]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = run("demand", buffer.getvalue(), ovec, "demand.xlsx")
    assert result.ok, [str(e) for e in result.errors]
    demand = EmployerDemand.objects.get()
    assert demand.establishment.province_th == "ชลบุรี"
    assert demand.competencies.splitlines() == ["ติดตั้งระบบ PLC", "บำรุงรักษาหุ่นยนต์"]


def test_partnership_errors(college_key, ovec, make_staff):
    header = ",".join(c.key for c in importing.SPECS["partnerships"].columns)
    good = (
        f"P-1,F64-11,บริษัท ก จำกัด,ชลบุรี,{college_key},dual,internship,2567,hvc,5,3,"
        "2024-05-01,2024-06-01,2024-09-30,active"
    )
    assert run("partnerships", csv_bytes(header, good), ovec).ok
    bad_lines = {
        "mode": good.replace(",dual,", ",sometimes,"),
        "province": good.replace("ชลบุรี", "Atlantis"),
        "signed_on": good.replace("2024-05-01", "31/02/2567"),
        "places_filled": good.replace(",5,3,", ",5,9,"),
        "ends_on": good.replace("2024-09-30", "2024-01-01"),
        "reference": good.replace("P-1,", "P 1!,"),
    }
    for column, line in bad_lines.items():
        result = run("partnerships", csv_bytes(header, line), ovec)
        assert not result.ok, column
        assert result.errors[0].column == column, (column, result.errors)
    # A reference owned by another field cannot be taken over by that field's neighbour.
    other = make_staff("cvm-other", "F64-01")
    line = good.replace("F64-11", "F64-01")
    result = run("partnerships", csv_bytes(header, line), other)
    assert "another field" in str(result.errors[0])
    assert Partnership.objects.get().field.code == "F64-11"


def test_teacher_development_dates(college_key, ovec):
    header = ",".join(c.key for c in importing.SPECS["teacher_development"].columns)
    good = f"T-1,F64-11,{college_key},ครูสมชาย,training,PLC,,15/01/2567,17/01/2567,18,TPQI ระดับ 4"
    result = run("teacher_development", csv_bytes(header, good), ovec)
    assert result.ok, result.errors
    from workforce.models import TeacherDevelopment

    record = TeacherDevelopment.objects.get()
    assert record.starts_on.isoformat() == "2024-01-15"  # B.E. dates accepted
    assert record.certified


def test_export_is_scoped_and_round_trips(college_key, make_staff):
    SupplyFactory(academic_year=2567)
    SupplyFactory(field=field("F64-01"), academic_year=2567)
    user = make_staff("cvm", "F64-11")
    data = importing.export_file(kind="supply", fmt="csv", user=user)
    lines = data.decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 2 and lines[1].startswith("F64-11,")
    assert run("supply", data, user).updated == 1
    xlsx = importing.export_file(kind="supply", fmt="xlsx", user=user)
    workbook = load_workbook(io.BytesIO(xlsx))
    assert workbook.worksheets[0].max_row == 2
    assert workbook.worksheets[1].title == "คำอธิบาย Help"


def test_admin_import_page_and_templates(client, college_key, make_staff):
    client.force_login(make_staff("cvm", "F64-11"))
    assert client.get("/admin/workforce/transfer/").status_code == 200
    for fmt in ("csv", "xlsx"):
        response = client.get(f"/admin/workforce/transfer/supply/template.{fmt}")
        assert response.status_code == 200
        assert "attachment" in response["Content-Disposition"]
    upload = io.BytesIO(csv_bytes(SUPPLY_HEADER, f"F64-11,{college_key},2567,hvc,x,1,1,0,0,0,0"))
    upload.name = "supply.csv"
    response = client.post("/admin/workforce/transfer/supply/import/", {"file": upload})
    assert response.status_code == 400
    assert "planned" in response.content.decode()
    assert Establishment.objects.count() == 0


def test_admin_import_needs_staff(client, make_staff):
    from django.contrib.auth.models import Permission

    user = make_staff("plain")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    for url in ("/admin/workforce/transfer/", "/admin/workforce/transfer/supply/export.csv"):
        response = client.get(url)
        # Wagtail turns PermissionDenied into a redirect to the dashboard with a message.
        assert response.status_code == 302 and response["Location"] == "/admin/"


DEMAND_HEADER = "field,establishment,province,industry,year,position,headcount,level,competencies"


@pytest.mark.parametrize(
    ("line", "column", "fragment"),
    [
        ("F64-11,บริษัท ก จำกัด,ชลบุรี,,2567,ช่าง,0,hvc,", "headcount", "greater than zero"),
        ("F64-11,บริษัท ก จำกัด,ชลบุรี,no-such,2567,ช่าง,3,hvc,", "industry", "Unknown industry"),
        ("F64-11,บริษัท ก จำกัด,ชลบุรี,,2567," + "ช" * 256 + ",3,hvc,", "position", "Longer than"),
        ("F64-11,,ชลบุรี,,2567,ช่าง,3,hvc,", "establishment", "required"),
    ],
)
def test_demand_bad_values_save_nothing(ovec, line, column, fragment):
    good = "F64-11,บริษัท ข จำกัด,ระยอง,,2567,ช่าง,3,hvc,PLC"
    result = run("demand", csv_bytes(DEMAND_HEADER, good, line), ovec)
    assert not result.ok
    assert [(e.line, e.column) for e in result.errors] == [(3, column)]
    assert fragment in result.errors[0].message and " / " in result.errors[0].message
    assert EmployerDemand.objects.count() == 0 and Establishment.objects.count() == 0


def test_teacher_development_end_before_start_saves_nothing(college_key, ovec):
    header = ",".join(c.key for c in importing.SPECS["teacher_development"].columns)
    good = f"T-1,F64-11,{college_key},ครูสมชาย,training,PLC,,2024-01-15,2024-01-17,18,"
    bad = f"T-2,F64-11,{college_key},ครูสมหญิง,training,PLC,,2024-01-15,2024-01-10,18,"
    result = run("teacher_development", csv_bytes(header, good, bad), ovec)
    assert [(e.line, e.column) for e in result.errors] == [(3, "ends_on")]
    assert "end date" in result.errors[0].message
    from workforce.models import TeacherDevelopment

    assert TeacherDevelopment.objects.count() == 0


def test_more_whole_file_errors(ovec, monkeypatch):
    # Only blank rows (Excel often saves trailing separators) is an empty file.
    assert "empty" in str(run("supply", b",,,\n,,\n", ovec).errors[0])
    # A cell beyond the CSV reader's limit is a file that cannot be read, not a crash.
    huge = csv_bytes(SUPPLY_HEADER, "F64-11," + "x" * 200_000 + ",2567,hvc,1,1,1,0,0,0,0")
    assert "cannot be read" in str(run("supply", huge, ovec).errors[0])
    monkeypatch.setattr(importing.reading, "MAX_BYTES", 10)
    result = run("supply", csv_bytes(SUPPLY_HEADER), ovec)
    assert "larger than" in str(result.errors[0]) and result.errors[0].line == 0


def test_xlsx_errors_name_the_sheet_row(college_key, ovec):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(SUPPLY_HEADER.split(","))
    sheet.append(["F64-11", college_key, 2566, "hvc", 1, 1, 1, 0, 0, 0, 0])
    sheet.append([])  # a blank row keeps its number for the rows below it
    sheet.append(["F64-11", college_key, 2024, "hvc", 1, 1, 1, 0, 0, 0, 0])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = run("supply", buffer.getvalue(), ovec, "supply.xlsx")
    assert [(e.line, e.column) for e in result.errors] == [(4, "academic_year")]
    assert SupplyRecord.objects.count() == 0


def test_admin_import_errors(client, make_staff, monkeypatch):
    client.force_login(make_staff("cvm", "F64-11"))
    assert client.get("/admin/workforce/transfer/nothing/import/").status_code == 404
    assert client.get("/admin/workforce/transfer/supply/export.pdf").status_code == 404
    assert client.get("/admin/workforce/transfer/nothing/template.csv").status_code == 404
    monkeypatch.setattr(importing.reading, "MAX_BYTES", 10)
    upload = io.BytesIO(csv_bytes(SUPPLY_HEADER))
    upload.name = "supply.csv"
    response = client.post("/admin/workforce/transfer/supply/import/", {"file": upload})
    assert response.status_code == 400
    assert "larger than" in response.content.decode()
