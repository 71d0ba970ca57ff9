"""The units of competency every field shares (#14 item 5): OVEC and the people it names edit
them; CVM staff propose changes that OVEC approves or rejects; every change keeps a history.
Everything goes through the real Wagtail admin views."""

import pytest
from django.contrib.auth.models import Group

from content import permissions
from content.models import ProposalStatus, UnitOfCompetency, UnitOfCompetencyProposal

pytestmark = pytest.mark.django_db

UNITS = "/admin/snippets/content/unitofcompetency"
PROPOSALS = "/admin/snippets/content/unitofcompetencyproposal"


@pytest.fixture
def unit():
    return UnitOfCompetency.objects.create(
        code="ELE-001", title="ติดตั้งระบบไฟฟ้า", title_en="Install wiring", level=3
    )


def _unit_form(unit, **changes):
    values = {
        "code": unit.code,
        "title": unit.title,
        "title_en": unit.title_en,
        "standard_body": unit.standard_body,
        "level": unit.level,
    }
    return {**values, **changes}


def _proposal_form(unit, reason="ชื่อไม่ตรงกับมาตรฐานฉบับใหม่", **changes):
    return {**_unit_form(unit, **changes), "unit": unit.pk, "reason": reason}


@pytest.mark.parametrize("group", ["F64-11", "F64-11 editors"])
def test_cvm_staff_cannot_edit_a_shared_unit(client, make_staff, unit, group):
    client.force_login(make_staff("cvm", group))
    response = client.post(f"{UNITS}/edit/{unit.pk}/", _unit_form(unit, title="แก้ไขเอง"))
    # Wagtail answers a refused admin view with a redirect to the dashboard and a message.
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    unit.refresh_from_db()
    assert unit.title == "ติดตั้งระบบไฟฟ้า"


def test_cvm_staff_cannot_add_a_unit_directly(client, make_staff):
    client.force_login(make_staff("cvm", "F64-11 editors"))
    client.post(f"{UNITS}/add/", {"code": "NEW-1", "title": "ใหม่", "standard_body": "tpqi"})
    assert not UnitOfCompetency.objects.filter(code="NEW-1").exists()


def test_groups_made_before_the_proposals_lose_the_direct_edit(make_staff):
    """banks_ensure (run after every migrate) takes back what older CVM groups were given."""
    from django.contrib.auth.models import Permission

    from content import services

    group = Group.objects.get(name=permissions.cvm_group_name("F64-11"))
    group.permissions.add(Permission.objects.get(codename="change_unitofcompetency"))
    services.banks_ensure()
    assert not group.permissions.filter(codename="change_unitofcompetency").exists()


def test_a_proposal_is_applied_by_ovec_and_the_history_shows_both(client, make_staff, unit):
    editor = make_staff("somsri", "F64-11 editors")
    client.force_login(editor)
    response = client.post(f"{PROPOSALS}/add/", _proposal_form(unit, title="ติดตั้งระบบไฟฟ้าในอาคาร"))
    assert response.status_code == 302, response.content.decode()[:2000]
    proposal = UnitOfCompetencyProposal.objects.get()
    assert (proposal.proposed_by, proposal.status) == (editor, ProposalStatus.PENDING)
    unit.refresh_from_db()
    assert unit.title == "ติดตั้งระบบไฟฟ้า"  # nothing changes before OVEC decides

    # The editor cannot approve their own proposal.
    review = f"/admin/content/unit-proposals/{proposal.pk}/review/"
    client.post(review, {"decision": "approve"})
    unit.refresh_from_db()
    assert unit.title == "ติดตั้งระบบไฟฟ้า"

    ovec = make_staff("ovec-officer", "OVEC")
    client.force_login(ovec)
    assert "ติดตั้งระบบไฟฟ้าในอาคาร" in client.get(review).content.decode()
    response = client.post(review, {"decision": "approve", "note": ""})
    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.title == "ติดตั้งระบบไฟฟ้าในอาคาร"
    proposal.refresh_from_db()
    assert (proposal.status, proposal.decided_by) == (ProposalStatus.APPROVED, ovec)
    assert unit.revisions.get().user == ovec

    history = client.get(f"{UNITS}/history/{unit.pk}/").content.decode()
    assert "Somsri proposed a change" in history  # capitalised by Wagtail
    assert "Applied the change proposed by somsri" in history


def test_a_proposal_for_a_new_unit_creates_it_on_approval(client, make_staff):
    client.force_login(make_staff("head", "F64-11"))
    client.post(
        f"{PROPOSALS}/add/",
        {"code": "ELE-900", "title": "หน่วยใหม่", "standard_body": "dsd", "reason": "ยังไม่มี"},
    )
    proposal = UnitOfCompetencyProposal.objects.get()
    client.force_login(make_staff("ovec-officer", "OVEC"))
    client.post(f"/admin/content/unit-proposals/{proposal.pk}/review/", {"decision": "approve"})
    assert UnitOfCompetency.objects.get(code="ELE-900").standard_body == "dsd"


def test_a_rejected_proposal_changes_nothing_and_says_why(client, make_staff, unit):
    client.force_login(make_staff("somsri", "F64-11 editors"))
    client.post(f"{PROPOSALS}/add/", _proposal_form(unit, level=8))
    proposal = UnitOfCompetencyProposal.objects.get()
    client.force_login(make_staff("ovec-officer", "OVEC"))
    review = f"/admin/content/unit-proposals/{proposal.pk}/review/"
    without_reason = client.post(review, {"decision": "reject", "note": ""})
    assert without_reason.status_code == 200  # the form asks why; nothing is decided
    client.post(review, {"decision": "reject", "note": "ระดับ 8 ไม่ถูกต้อง"})
    unit.refresh_from_db()
    proposal.refresh_from_db()
    assert (unit.level, proposal.status) == (3, ProposalStatus.REJECTED)
    history = client.get(f"{UNITS}/history/{unit.pk}/").content.decode()
    assert "ระดับ 8 ไม่ถูกต้อง" in history


def test_a_proposal_cannot_take_another_units_code(client, make_staff, unit):
    UnitOfCompetency.objects.create(code="ELE-002", title="อื่น")
    client.force_login(make_staff("somsri", "F64-11 editors"))
    response = client.post(f"{PROPOSALS}/add/", _proposal_form(unit, code="ELE-002"))
    assert response.status_code == 200
    assert not UnitOfCompetencyProposal.objects.exists()


def test_a_person_ovec_names_edits_units_directly_with_a_revision(client, make_staff, unit):
    named = make_staff("named-editor")
    named.groups.add(Group.objects.get(name=permissions.REFERENCE_EDITORS_GROUP_NAME))
    client.force_login(named)
    response = client.post(f"{UNITS}/edit/{unit.pk}/", _unit_form(unit, title_en="Install"))
    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.title_en == "Install"
    assert unit.revisions.get().user == named


def test_the_units_listing_offers_cvm_staff_a_proposal(client, make_staff, unit):
    client.force_login(make_staff("somsri", "F64-11 editors"))
    listing = client.get(f"{UNITS}/").content.decode()
    assert f"{PROPOSALS}/add/?unit={unit.pk}" in listing
    form = client.get(f"{PROPOSALS}/add/?unit={unit.pk}").content.decode()
    assert 'value="ติดตั้งระบบไฟฟ้า"' in form
