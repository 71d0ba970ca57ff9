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
