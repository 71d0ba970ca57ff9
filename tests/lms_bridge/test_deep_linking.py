"""Deep Linking 2.0: the picker and the signed LtiDeepLinkingResponse."""

from __future__ import annotations

import re

import pytest

from lms_bridge import keys
from lms_bridge.models import CourseLink, Launch
from tests.lti.platform import DL, LTI, ROLE_INSTRUCTOR, ROLE_LEARNER

from .conftest import TOOL

pytestmark = pytest.mark.django_db

DL_TARGET = TOOL + "/lti/deep-linking/"


def open_picker(flow, roles=(ROLE_INSTRUCTOR,)):
    response = flow.launch(
        target=DL_TARGET, message_type="LtiDeepLinkingRequest", roles=list(roles)
    )
    return response


def picker_url(response) -> str:
    assert response.status_code == 302, response.content[:300]
    return response["Location"]


def test_teacher_gets_the_picker_framed_by_moodle(flow, client, resource, simulator):
    url = picker_url(open_picker(flow))
    launch = Launch.objects.get()
    assert launch.message_type == "LtiDeepLinkingRequest" and launch.page is None
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert resource.title in html and simulator.title in html
    assert 'class="site-header"' not in html
    assert "X-Frame-Options" not in response
    csp = response["Content-Security-Policy"]
    assert f"frame-ancestors 'self' {flow.platform.base_url}" in csp
    assert f"form-action 'self' {flow.platform.base_url}" in csp


def test_student_cannot_open_the_picker(flow, client, resource):
    response = open_picker(flow, roles=[ROLE_LEARNER])
    # the launch itself is valid; the picker refuses a learner
    follow = client.get(response["Location"])
    assert follow.status_code == 403
    assert resource.title not in follow.content.decode()


def test_picker_is_prefiltered_to_the_course_field(flow, client, resource, make_resource, bank):
    from content.models import FieldOfStudy, KnowledgeBankPage

    other_field = FieldOfStudy.objects.exclude(pk=bank.field_id).order_by("code").first()
    other_bank = KnowledgeBankPage.objects.get(field=other_field)
    foreign = make_resource("research", title="งานวิจัยสาขาอื่น", parent=other_bank)
    url = picker_url(open_picker(flow))
    # not linked yet: every field
    html = client.get(url).content.decode()
    assert resource.title in html and foreign.title in html
    # the teacher links the course to F64-11 once
    response = client.post(url + "field/", {"field": "F64-11"})
    assert response.status_code == 302
    assert CourseLink.objects.get().field.code == "F64-11"
    html = client.get(url).content.decode()
    assert resource.title in html and foreign.title not in html
    # the next deep linking launch of the same course is pre-filtered too
    url2 = picker_url(open_picker(flow))
    assert url2 != url
    html = client.get(url2).content.decode()
    assert foreign.title not in html


def test_picker_search_and_type_facets(
    flow, client, resource, simulator, django_assert_max_num_queries
):
    url = picker_url(open_picker(flow))
    html = client.get(url, {"q": "CNC"}).content.decode()
    assert simulator.title in html and resource.title not in html
    with django_assert_max_num_queries(30):
        response = client.get(url, {"type": "research"})
    html = response.content.decode()
    assert resource.title in html and simulator.title not in html
    assert re.search(r"งานวิจัย|Research", html)


def test_picker_rejects_bad_field(flow, client):
    url = picker_url(open_picker(flow))
    response = client.post(url + "field/", {"field": "F99-99"})
    assert response.status_code == 400


def test_response_is_signed_and_has_the_claims_moodle_checks(flow, client, resource, simulator):
    url = picker_url(open_picker(flow))
    response = client.post(url + "return/", {"resource": [resource.pk, simulator.pk]})
    assert response.status_code == 200
    html = response.content.decode()
    action = re.search(r'action="([^"]+)"', html).group(1)
    assert action == flow.platform.base_url + "/mod/lti/contentitem_return.php"
    token = re.search(r'name="JWT" value="([^"]+)"', html).group(1)
    claims = flow.platform.read_deep_linking_response(token, keys.jwks())
    assert claims[LTI + "message_type"] == "LtiDeepLinkingResponse"
    assert claims[LTI + "version"] == "1.3.0"
    assert claims[LTI + "deployment_id"] == flow.platform.deployment_id
    assert claims[DL + "data"] == "moodle-dl-data-42"
    assert claims["nonce"]
    items = claims[DL + "content_items"]
    assert [i["type"] for i in items] == ["ltiResourceLink", "ltiResourceLink"]
    research, sim = items
    assert research["title"] == resource.title
    assert research["url"] == TOOL + resource.url
    assert research["custom"] == {"resource_id": str(resource.pk)}
    assert research["text"] == "การควบคุมแขนกลด้วย PLC"
    assert "lineItem" not in research
    assert sim["lineItem"] == {
        "scoreMaximum": 20.0,
        "label": simulator.title,
        "resourceId": str(simulator.pk),
    }
    assert response["Content-Security-Policy"].count(flow.platform.base_url) == 2


def test_resource_link_from_deep_linking_launches(flow, client, resource):
    """The item Moodle stores (url + custom resource_id) opens that resource."""
    url = picker_url(open_picker(flow))
    client.post(url + "return/", {"resource": [resource.pk]})
    response = flow.launch(
        target=TOOL + resource.url, **{LTI + "custom": {"resource_id": str(resource.pk)}}
    )
    assert response.status_code == 200
    assert Launch.objects.filter(page=resource).count() == 1


def test_empty_or_bad_selection(flow, client, resource, make_resource):
    url = picker_url(open_picker(flow))
    assert client.post(url + "return/", {}).status_code == 400
    assert client.post(url + "return/", {"resource": ["abc"]}).status_code == 400
    draft = make_resource("research", title="ฉบับร่าง", live=False)
    response = client.post(url + "return/", {"resource": [draft.pk]})
    assert response.status_code == 400
    assert "JWT" not in response.content.decode()


def test_unknown_or_expired_picker_token(flow, client, settings):
    assert client.get("/lti/picker/nope/").status_code == 403
    url = picker_url(open_picker(flow))
    settings.LTI_LAUNCH_SESSION_SECONDS = 0
    assert client.get(url).status_code == 403


def test_resource_launch_token_cannot_open_picker(flow, client, resource):
    flow.launch(target=TOOL + resource.url, roles=[ROLE_INSTRUCTOR])
    token = Launch.objects.get().token
    assert client.get(f"/lti/picker/{token}/").status_code == 400


def test_deep_linking_settings_required(flow, resource):
    auth = flow.start(target=DL_TARGET)
    claims = flow.platform.claims(
        nonce=auth["nonce"],
        target_link_uri=DL_TARGET,
        message_type="LtiDeepLinkingRequest",
        roles=[ROLE_INSTRUCTOR],
    )
    del claims[DL + "deep_linking_settings"]
    assert flow.post(flow.platform.sign(claims)).status_code == 400
