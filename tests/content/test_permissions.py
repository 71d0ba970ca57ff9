import pytest

from content.models import HomePage, KnowledgeBankPage

pytestmark = pytest.mark.django_db


def _bank(code: str) -> KnowledgeBankPage:
    return KnowledgeBankPage.objects.get(field__code=code)


def test_cvm_staff_edit_only_their_own_bank(make_staff):
    staff = make_staff("somchai", "F64-11")
    own, other = _bank("F64-11"), _bank("F66-17")
    assert own.permissions_for_user(staff).can_edit()
    assert own.permissions_for_user(staff).can_publish()
    assert not other.permissions_for_user(staff).can_edit()
    assert not other.permissions_for_user(staff).can_publish()
    assert not HomePage.objects.first().permissions_for_user(staff).can_edit()


def test_cvm_staff_are_refused_another_banks_editor(client, make_staff):
    client.force_login(make_staff("somchai", "F64-11"))
    own_edit = client.get(f"/admin/pages/{_bank('F64-11').pk}/edit/")
    other_edit = client.get(f"/admin/pages/{_bank('F66-17').pk}/edit/")
    assert own_edit.status_code == 200
    assert other_edit.status_code in (302, 403)
    assert client.post(f"/admin/pages/{_bank('F66-17').pk}/edit/", {"title": "x"}).status_code in (
        302,
        403,
    )
    assert _bank("F66-17").title != "x"


def test_ovec_edits_every_bank_and_the_reference_data(client, make_staff):
    ovec = make_staff("ovec-officer", "OVEC")
    for code in ("F64-11", "F66-17", "F65-01"):
        assert _bank(code).permissions_for_user(ovec).can_edit()
    assert ovec.has_perm("content.change_fieldofstudy")
    assert ovec.has_perm("search.change_synonym")
    client.force_login(ovec)
    assert client.get("/admin/snippets/content/fieldofstudy/").status_code == 200


def test_cvm_staff_cannot_edit_reference_data(client, make_staff):
    staff = make_staff("somchai", "F64-11")
    assert not staff.has_perm("content.change_fieldofstudy")
    client.force_login(staff)
    assert client.get("/admin/snippets/content/fieldofstudy/").status_code in (302, 403)


def test_anonymous_users_are_sent_to_the_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_fields_managed_by_follows_the_bank_page_permissions(make_staff):
    """The one rule both the import and workforce use: heads publish in their bank, editors only
    add to it, OVEC publishes above every bank, anonymous users manage nothing."""
    from django.contrib.auth.models import AnonymousUser, Group

    from content.permissions import cvm_editors_group_name
    from content.selectors import ManagedFields, fields_managed_by

    head = make_staff("head", "F64-11")
    assert fields_managed_by(user=head) == ManagedFields(
        add=frozenset({"F64-11"}), publish=frozenset({"F64-11"}), every=False
    )
    editor = make_staff("editor")
    editor.groups.add(Group.objects.get(name=cvm_editors_group_name("F66-17")))
    assert fields_managed_by(user=editor) == ManagedFields(add=frozenset({"F66-17"}))
    ovec = fields_managed_by(user=make_staff("ovec-officer", "OVEC"))
    codes = set(KnowledgeBankPage.objects.values_list("field__code", flat=True))
    assert ovec.every and ovec.publish == ovec.add == codes
    assert fields_managed_by(user=AnonymousUser()) == ManagedFields()
    head.is_active = False
    assert fields_managed_by(user=head) == ManagedFields()
