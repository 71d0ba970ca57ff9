"""A teacher's collection in Moodle's Deep Linking picker (one activity per item), and the
collections API (session or personal token, permission-checked)."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model

from accounts import services as account_services
from lms_bridge import keys
from lms_bridge.models import Launch
from lms_bridge.selectors import LaunchIdentity
from resource_collections import services
from tests.lms_bridge.conftest import TOOL
from tests.lti.platform import DL, ROLE_INSTRUCTOR

pytestmark = pytest.mark.django_db


def collection_of(owner, pages, **kwargs):
    collection = services.collection_create(owner=owner, title="หุ่นยนต์ ปวส.1", **kwargs)
    for page in pages:
        services.collection_item_add(collection=collection, page=page)
    return collection


def teacher_picker(flow):
    response = flow.launch(
        target=TOOL + "/lti/deep-linking/",
        message_type="LtiDeepLinkingRequest",
        roles=[ROLE_INSTRUCTOR],
    )
    assert response.status_code == 302
    return response["Location"], Launch.objects.get()


def test_teacher_picks_a_whole_collection_and_gets_one_activity_per_item(
    client, flow, teacher, three
):
    url, launch = teacher_picker(flow)
    account_services.lti_identity_link(
        user=teacher,
        identity=LaunchIdentity(
            user=launch.platform_user.user, platform_name="Moodle", sub="t", name=""
        ),
    )
    collection = collection_of(teacher, [three[2], three[0], three[1]])
    html = client.get(url).content.decode()
    assert f'name="collection" value="{collection.pk}"' in html
    response = client.post(url + "return/", {"collection": str(collection.pk)})
    assert response.status_code == 200
    token = re.search(r'name="JWT" value="([^"]+)"', response.content.decode()).group(1)
    claims = flow.platform.read_deep_linking_response(token, keys.jwks())
    titles = [item["title"] for item in claims[DL + "content_items"]]
    assert titles == [three[2].title, three[0].title, three[1].title]  # the collection's order


def test_picker_offers_no_collection_of_an_unlinked_account(client, flow, teacher, three):
    url, _launch = teacher_picker(flow)
    collection = collection_of(teacher, three)
    assert f'value="{collection.pk}"' not in client.get(url).content.decode()
    response = client.post(url + "return/", {"collection": str(collection.pk)})
    assert response.status_code == 400  # nothing chosen: the picker says so


def test_an_unlinked_teacher_is_offered_to_sign_in_and_link_in_a_new_window(client, flow):
    url, launch = teacher_picker(flow)
    html = client.get(url).content.decode()
    assert f'action="/lti/picker/{launch.token}/link/" target="_blank"' in html
    assert "ลงชื่อเข้าใช้และเชื่อมบัญชี (เปิดหน้าต่างใหม่)" in html


def test_the_link_window_carries_the_launch_to_the_link_page(client, flow, teacher, three):
    from accounts.selectors import account_for_lti_user
    from lms_bridge.middleware import LAUNCH_COOKIE

    url, launch = teacher_picker(flow)
    client.cookies.pop(LAUNCH_COOKIE, None)  # the new window: no cookie of the frame
    opened = client.post(url + "link/")
    assert opened.status_code == 302 and opened["Location"] == "/accounts/moodle/link/"
    assert opened.cookies[LAUNCH_COOKIE]["samesite"] == "None"
    # signed out: the link page asks for the account first, then links on the teacher's click
    assert client.get("/accounts/moodle/link/")["Location"].startswith("/accounts/login/")
    client.force_login(teacher)
    assert "เชื่อมบัญชี Moodle นี้" in client.get("/accounts/moodle/link/").content.decode()
    assert account_for_lti_user(lti_user=launch.platform_user.user) != teacher  # not yet
    client.post("/accounts/moodle/link/")
    assert account_for_lti_user(lti_user=launch.platform_user.user) == teacher
    collection = collection_of(teacher, three)
    html = client.get(url).content.decode()
    assert f'name="collection" value="{collection.pk}"' in html
    assert "/link/" not in html  # linked: no second offer


def test_the_link_window_needs_a_teachers_launch(client, flow):
    response = client.post("/lti/picker/not-a-launch-token/link/")
    assert response.status_code in (400, 403)
    assert "ic_lti_launch" not in response.cookies


# --- API ----------------------------------------------------------------------------------------


def test_api_lists_my_collections_by_session(client, teacher, three, django_assert_max_num_queries):
    collection_of(teacher, three)
    collection_of(get_user_model().objects.create_user("other"), three)
    client.force_login(teacher)
    with django_assert_max_num_queries(6):
        data = client.get("/api/v1/me/collections/").json()
    assert [(c["title"], c["item_count"]) for c in data] == [("หุ่นยนต์ ปวส.1", 3)]


def test_api_needs_authentication(client, db):
    assert client.get("/api/v1/me/collections/").status_code == 401


def test_api_personal_token(client, teacher, three):
    collection = collection_of(teacher, three)
    token = account_services.api_token_issue(user=teacher)
    headers = {"Authorization": f"Bearer {token}"}
    data = client.get(f"/api/v1/me/collections/{collection.pk}/", headers=headers).json()
    assert [item["page_id"] for item in data["items"]] == [page.pk for page in three]


def test_api_refuses_a_revoked_token(client, teacher):
    token = account_services.api_token_issue(user=teacher)
    account_services.api_token_revoke(user=teacher)
    response = client.get("/api/v1/me/collections/", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401


def test_api_hides_someone_elses_private_collection(client, teacher, member, three):
    private = collection_of(member("other"), three)
    token = account_services.api_token_issue(user=teacher)
    response = client.get(
        f"/api/v1/me/collections/{private.pk}/", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 404


def test_api_adds_a_resource_with_a_token(client, teacher, three):
    collection = collection_of(teacher, [])
    token = account_services.api_token_issue(user=teacher)
    response = client.post(
        f"/api/v1/me/collections/{collection.pk}/items/",
        {"page_id": three[0].pk},
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 201
    assert list(collection.items.values_list("page_id", flat=True)) == [three[0].pk]


def test_api_session_writes_need_the_csrf_token(teacher, three):
    from django.test import Client

    collection = collection_of(teacher, [])
    client = Client(enforce_csrf_checks=True)
    client.force_login(teacher)
    response = client.post(
        f"/api/v1/me/collections/{collection.pk}/items/",
        {"page_id": three[0].pk},
        content_type="application/json",
    )
    assert response.status_code in (401, 403)
    assert not collection.items.exists()
