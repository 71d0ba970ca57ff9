"""Moderation per field (editor submits → CVM head approves), field isolation, page privacy."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction, Workflow, WorkflowState

from content import permissions, services
from content.models import ResearchPage

from .factories import ResourcePageFactory, bank

pytestmark = pytest.mark.django_db


def _add_url(code: str, model: str = "researchpage") -> str:
    return f"/admin/pages/add/content/{model}/{bank(code).pk}/"


def _form(title: str, **extra) -> dict:
    data = {
        "title": title,
        "slug": title.lower().replace(" ", "-"),
        "summary": "สรุป",
        "languages": ["th"],
        "licence": "cc-by",
        "research_type": "applied",
        "external_id": f"form-{title.lower().replace(' ', '-')}",
        "keywords": "",
        "comment_notifications": "",
    }
    for prefix in ("comments",):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    data.update(extra)
    return data


def test_each_bank_has_a_two_step_moderation_workflow():
    workflow = Workflow.objects.get(name=permissions.workflow_name("F64-11"))
    assert workflow.workflow_pages.filter(page=bank("F64-11")).exists()
    task = workflow.tasks.get().specific
    assert set(task.groups.values_list("name", flat=True)) == {"CVM F64-11", "OVEC"}


def test_banks_ensure_is_idempotent_and_removes_stray_publish_rights():
    editors = Group.objects.get(name=permissions.cvm_editors_group_name("F64-11"))
    before = editors.page_permissions.count()
    services.banks_ensure()
    services.banks_ensure()
    assert editors.page_permissions.count() == before
    assert Workflow.objects.filter(name=permissions.workflow_name("F64-11")).count() == 1


def test_editor_cannot_publish_and_head_can(make_staff):
    editor = make_staff("editor", "F64-11 editors")
    head = make_staff("head", "F64-11")
    page = ResourcePageFactory(type="research", field="F64-11", publish=False)
    assert page.permissions_for_user(editor).can_edit()
    assert not page.permissions_for_user(editor).can_publish()
    assert page.permissions_for_user(head).can_publish()


def test_editor_submits_and_the_head_approves(client, make_staff):
    editor = make_staff("editor", "F64-11 editors")
    head = make_staff("head", "F64-11")
    client.force_login(editor)
    response = client.post(
        _add_url("F64-11"), _form("Robot arm", **{"action-submit": "Submit for moderation"})
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    page = ResearchPage.objects.get(slug="robot-arm")
    assert not page.live
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    # The head approves: the page goes live.
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, head, "approve")
    page.refresh_from_db()
    assert page.live


def test_staff_of_one_field_cannot_create_edit_or_publish_in_another(client, make_staff):
    other_page = ResourcePageFactory(type="research", field="F66-17")
    for staff in (make_staff("head", "F64-11"), make_staff("editor", "F64-11 editors")):
        assert not bank("F66-17").permissions_for_user(staff).can_add_subpage()
        assert not other_page.permissions_for_user(staff).can_edit()
        assert not other_page.permissions_for_user(staff).can_publish()
        client.force_login(staff)
        response = client.post(_add_url("F66-17"), _form("Intruder"))
        assert response.status_code in (302, 403)
        assert not ResearchPage.objects.filter(slug="intruder").exists()
        edit = client.post(f"/admin/pages/{other_page.pk}/edit/", _form("Changed"))
        assert edit.status_code in (302, 403)
        other_page.refresh_from_db()
        assert other_page.title != "Changed"
        client.logout()


def test_ovec_publishes_in_any_bank(client, make_staff):
    ovec = make_staff("ovec-officer", "OVEC")
    client.force_login(ovec)
    response = client.post(
        _add_url("F64-06"), _form("Hotel research", **{"action-publish": "Publish"})
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert ResearchPage.objects.get(slug="hotel-research").live


def test_home_field_follows_the_bank_whatever_the_form_says(client, make_staff):
    client.force_login(make_staff("head", "F64-11"))
    client.post(_add_url("F64-11"), _form("Own field", home_field="99"))
    assert ResearchPage.objects.get(slug="own-field").home_field.code == "F64-11"


def test_restricted_resource_is_hidden_from_anonymous_readers(client, django_user_model):
    page = ResourcePageFactory(type="ebook", title="หนังสือสำหรับสมาชิก")
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(page.url)
    assert response.status_code == 302  # to the login
    assert "หนังสือสำหรับสมาชิก" not in client.get("/f64-11/").content.decode()
    assert "หนังสือสำหรับสมาชิก" not in client.get("/").content.decode()
    client.force_login(django_user_model.objects.create_user("reader", password="x-123456789"))
    assert client.get(page.url).status_code == 200
