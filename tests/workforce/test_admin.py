"""The Workforce admin: CVM staff see and edit only their field's rows; OVEC all; indicators are
OVEC's."""

import pytest

from workforce.models import SupplyRecord

from .factories import SupplyFactory, field

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows():
    return SupplyFactory(), SupplyFactory(field=field("F64-01"))


def test_cvm_index_is_scoped(client, rows, make_staff):
    mine, theirs = rows
    client.force_login(make_staff("cvm", "F64-11"))
    response = client.get("/admin/workforce/supply/")
    assert response.status_code == 200
    listed = {row.pk for row in response.context["object_list"]}
    assert listed == {mine.pk}


def test_cvm_cannot_open_or_delete_another_fields_row(client, rows, make_staff):
    mine, theirs = rows
    client.force_login(make_staff("cvm", "F64-11"))
    assert client.get(f"/admin/workforce/supply/edit/{mine.pk}/").status_code == 200
    for url in (
        f"/admin/workforce/supply/edit/{theirs.pk}/",
        f"/admin/workforce/supply/delete/{theirs.pk}/",
    ):
        response = client.get(url)
        assert response.status_code in (302, 403)
        assert response.status_code == 403 or response["Location"] == "/admin/"
    client.post(f"/admin/workforce/supply/delete/{theirs.pk}/")
    assert SupplyRecord.objects.filter(pk=theirs.pk).exists()


def test_cvm_form_offers_only_own_field_and_refuses_others(client, rows, make_staff):
    mine, theirs = rows
    client.force_login(make_staff("cvm", "F64-11"))
    form = client.get(f"/admin/workforce/supply/edit/{mine.pk}/").context["form"]
    assert list(form.fields["field"].queryset.values_list("code", flat=True)) == ["F64-11"]
    data = {
        "field": theirs.field.pk,
        "institution": mine.institution.pk,
        "academic_year": 2560,
        "level": mine.level.pk,
        "planned": 1,
        "enrolled": 1,
        "graduates": 1,
        "certified_tpqi": 0,
        "certified_dsd": 0,
        "certified_international": 0,
        "employed_or_studying": 0,
    }
    response = client.post(f"/admin/workforce/supply/edit/{mine.pk}/", data)
    assert response.status_code == 200  # the form comes back with an error
    mine.refresh_from_db()
    assert mine.field.code == "F64-11" and mine.academic_year == 2567


def test_ovec_sees_all_and_edits_indicators(client, rows, make_staff):
    client.force_login(make_staff("ovec-user", "OVEC"))
    response = client.get("/admin/workforce/supply/")
    assert {row.pk for row in response.context["object_list"]} == {r.pk for r in rows}
    assert client.get("/admin/workforce/indicators/new/").status_code == 200
    response = client.post(
        "/admin/workforce/indicators/new/",
        {
            "code": "bad",
            "name_th": "ผิด",
            "formula": "salary * 2",
            "sort_order": 0,
            "active": "on",
            "higher_is_better": "on",
        },
    )
    assert response.status_code == 200 and "salary" in response.content.decode()


def test_cvm_cannot_add_indicators(client, make_staff):
    client.force_login(make_staff("cvm", "F64-11"))
    assert client.get("/admin/workforce/indicators/").status_code == 200  # read
    response = client.get("/admin/workforce/indicators/new/")
    assert response.status_code in (302, 403)


def test_plain_admin_users_see_no_workforce_menu(client, make_staff):
    from django.contrib.auth.models import Permission

    user = make_staff("plain")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    html = client.get("/admin/").content.decode()
    assert "/admin/workforce/transfer/" not in html
    assert client.get("/admin/workforce/supply/").status_code in (302, 403)


def test_field_editors_group_grants_no_workforce_rows(client, rows):
    """``CVM <code> editors`` draft pages for approval; workforce rows (public when saved) are
    the heads'. They are not a field called "F64-11 editors" either."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from content.permissions import cvm_editors_group_name
    from workforce import permissions

    editor = get_user_model().objects.create_user(username="editor", password="pw-test-1234")
    editor.groups.add(Group.objects.get(name=cvm_editors_group_name("F64-11")))
    assert permissions.field_codes_for(editor) == set()
    assert not permissions.is_workforce_staff(editor)
    client.force_login(editor)
    assert "/admin/workforce/transfer/" not in client.get("/admin/").content.decode()
    for url in ("/admin/workforce/transfer/", "/admin/workforce/supply/"):
        response = client.get(url)
        assert response.status_code in (302, 403), url
    assert client.get("/workforce/f64-11/matching/").status_code == 403
    # A head who is also an editor keeps the head's rights.
    head = get_user_model().objects.create_user(username="head", password="pw-test-1234")
    head.groups.add(*Group.objects.filter(name__in=["CVM F64-11", "CVM F64-11 editors"]))
    assert permissions.field_codes_for(head) == {"F64-11"}


def test_partnership_form_has_the_mou_document_dates_and_status(client, make_staff):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    from content.models import Institution
    from workforce.models import Partnership

    from .factories import EstablishmentFactory

    client.force_login(make_staff("cvm", "F64-11"))
    form = client.get("/admin/workforce/partnerships/new/").context["form"]
    for name in ("agreement_document", "signed_on", "starts_on", "ends_on", "status", "mode"):
        assert name in form.fields, name
    document = get_document_model().objects.create(
        title="MOU บริษัท ก", file=ContentFile(b"%PDF-1.4", name="mou.pdf")
    )
    response = client.post(
        "/admin/workforce/partnerships/new/",
        {
            "reference": "MOU-1",
            "field": field().pk,
            "establishment": EstablishmentFactory().pk,
            "institution": Institution.objects.order_by("pk").first().pk,
            "mode": "dual",
            "purpose": "student_placement",
            "year": 2567,
            "places_offered": 4,
            "places_filled": 2,
            "agreement_document": document.pk,
            "signed_on": "2024-05-01",
            "starts_on": "2024-06-01",
            "ends_on": "2025-03-31",
            "status": "active",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    saved = Partnership.objects.get(reference="MOU-1")
    assert (saved.agreement_document, saved.signed_on.isoformat(), saved.status) == (
        document,
        "2024-05-01",
        "active",
    )


@pytest.mark.parametrize("kind", ["supply", "demand", "partnerships", "teacher_development"])
def test_every_kind_has_downloadable_templates(client, make_staff, kind):
    import csv
    import io

    from openpyxl import load_workbook

    from workforce import importing

    client.force_login(make_staff("cvm", "F64-11"))
    columns = [column.key for column in importing.SPECS[kind].columns]
    response = client.get(f"/admin/workforce/transfer/{kind}/template.csv")
    assert response.status_code == 200
    assert f"workforce-{kind}-template.csv" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [columns]
    response = client.get(f"/admin/workforce/transfer/{kind}/template.xlsx")
    workbook = load_workbook(io.BytesIO(response.content))
    assert [cell.value for cell in workbook.worksheets[0][1]] == columns
    help_rows = list(workbook.worksheets[1].iter_rows(values_only=True))
    assert [row[0] for row in help_rows[1:]] == columns  # one help line per column, in Thai
    # The template is a valid file for the import: its header passes, there is nothing to save.
    result = importing.import_file(
        kind=kind, data=response.content, filename="t.xlsx", user=make_staff("o", "OVEC")
    )
    assert (result.ok, result.created, result.updated) == (True, 0, 0)
