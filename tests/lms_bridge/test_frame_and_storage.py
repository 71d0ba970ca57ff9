"""After the launch: pages inside the iframe keep the LTI layout; platform-storage fallback."""

from __future__ import annotations

import re

import pytest

from lms_bridge.models import Launch
from tests.lti.platform import ROLE_LEARNER

from .conftest import TOOL, page_url

pytestmark = pytest.mark.django_db


def test_next_page_inside_the_iframe_keeps_lti_layout(flow, client, resource, make_resource):
    other = make_resource("ebook", title="หนังสือถัดไป")
    flow.launch(target=page_url(resource), roles=[ROLE_LEARNER])
    framed = client.get(other.url, headers={"Sec-Fetch-Dest": "iframe"})
    assert framed.status_code == 200
    assert "X-Frame-Options" not in framed
    assert f"frame-ancestors 'self' {flow.platform.base_url}" in framed["Content-Security-Policy"]
    assert 'class="site-header"' not in framed.content.decode()
    # the same browser opening the site as a top-level page gets the normal site
    top = client.get(other.url, headers={"Sec-Fetch-Dest": "document"})
    assert top["X-Frame-Options"] == "DENY"
    assert 'class="site-header"' in top.content.decode()


def test_lti_user_is_known_to_later_requests(flow, client, resource):
    """The simulator records attempts for request.user: the launch cookie provides it."""
    from django.contrib.auth import get_user

    flow.launch(target=page_url(resource))
    launch = Launch.objects.get()
    response = client.get(resource.url, headers={"Sec-Fetch-Dest": "iframe"})
    assert response.wsgi_request.user == launch.platform_user.user
    assert get_user(response.wsgi_request).is_anonymous  # no Django login session was made


def test_forged_launch_cookie_is_ignored(client, resource):
    client.cookies["ic_lti_launch"] = "forged"
    response = client.get(resource.url, headers={"Sec-Fetch-Dest": "iframe"})
    assert response["X-Frame-Options"] == "DENY"
    assert response.wsgi_request.user.is_anonymous


def test_platform_storage_when_the_cookie_is_refused(flow, client, resource):
    """LTI client-side postMessage storage: login stores the proof in the platform's frame,
    launch reads it back (the browser did not keep our cookie)."""
    response = flow.login(target=page_url(resource), lti_storage_target="post_message_forwarding")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-lti="storage-put"' in html
    assert 'data-target="post_message_forwarding"' in html
    assert f'data-origin="{flow.platform.base_url}"' in html
    proof = re.search(r'data-value="([^"]+)"', html).group(1)
    next_url = re.search(r'data-next="([^"]+)"', html).group(1).replace("&amp;", "&")
    auth = flow.platform.check_auth_request(next_url, redirect_uri=TOOL + "/lti/launch/")
    flow.auth = auth
    client.cookies.clear()  # third-party cookie refused
    claims = flow.platform.claims(nonce=auth["nonce"], target_link_uri=page_url(resource))
    token = flow.platform.sign(claims)
    ask = flow.post(token)
    assert ask.status_code == 200
    ask_html = ask.content.decode()
    assert 'data-lti="storage-get"' in ask_html
    assert f'data-key="state_{auth["state"]}"' in ask_html
    assert resource.title not in ask_html
    # the script got the value back from the platform and posts the launch again
    done = flow.post(token, lti_storage_token=proof, lti_storage_checked="1")
    assert done.status_code == 200
    assert resource.title in done.content.decode()


def test_platform_storage_with_a_wrong_value(flow, client, resource):
    response = flow.login(target=page_url(resource), lti_storage_target="_parent")
    next_url = re.search(r'data-next="([^"]+)"', response.content.decode()).group(1)
    auth = flow.platform.check_auth_request(
        next_url.replace("&amp;", "&"), redirect_uri=TOOL + "/lti/launch/"
    )
    flow.auth = auth
    client.cookies.clear()
    claims = flow.platform.claims(nonce=auth["nonce"], target_link_uri=page_url(resource))
    done = flow.post(flow.platform.sign(claims), lti_storage_token="guess", lti_storage_checked="1")
    assert done.status_code == 403
    assert not Launch.objects.exists()


def test_platform_storage_unavailable_offers_new_window(flow, client, resource):
    response = flow.login(target=page_url(resource), lti_storage_target="_parent")
    next_url = re.search(r'data-next="([^"]+)"', response.content.decode()).group(1)
    auth = flow.platform.check_auth_request(
        next_url.replace("&amp;", "&"), redirect_uri=TOOL + "/lti/launch/"
    )
    flow.auth = auth
    client.cookies.clear()
    claims = flow.platform.claims(nonce=auth["nonce"], target_link_uri=page_url(resource))
    done = flow.post(flow.platform.sign(claims), lti_storage_checked="1")  # script found nothing
    assert done.status_code == 200
    html = done.content.decode()
    assert 'action="/lti/open/"' in html and 'target="_blank"' in html
    assert "/lti/login/" not in html and "lti_storage_target" not in html


def test_launch_cookies_are_partitioned_and_only_count_inside_the_frame(flow, client, resource):
    response = flow.launch(target=page_url(resource))
    header = response.cookies["ic_lti_launch"].output()
    assert "Partitioned" in header and "SameSite=None" in header and "Secure" in header
    top = client.get(resource.url, headers={"Sec-Fetch-Dest": "document"})
    assert top.wsgi_request.user.is_anonymous  # the launch signs no one in to the site
    assert top["X-Frame-Options"] == "DENY"


def test_the_page_after_a_launch_belongs_to_that_launchs_user(flow, client, resource):
    """On a shared computer the next student's launch replaces the earlier one before the
    page is rendered."""
    flow.launch(target=page_url(resource), sub="student-a")
    response = flow.launch(target=page_url(resource), sub="student-b")
    assert response.wsgi_request.user.lti_identity.sub == "student-b"
    later = client.get(resource.url, headers={"Sec-Fetch-Dest": "iframe"})
    assert later.wsgi_request.user.lti_identity.sub == "student-b"


def test_inside_the_frame_no_account_feature_asks_for_a_csrf_cookie(flow, client, make_resource):
    """In Moodle's frame the page belongs to the launch, not to an account, and no CSRF cookie
    reaches a third-party frame: "save to a collection" and the e-book's reading report (both
    ended in a CSRF 403 in a real Moodle) are not offered there."""
    ebook = make_resource("ebook", title="ตำราหุ่นยนต์")
    flow.launch(target=page_url(ebook), roles=[ROLE_LEARNER])
    framed = client.get(ebook.url, headers={"Sec-Fetch-Dest": "iframe"}).content.decode()
    assert "save-link" not in framed
    assert "data-reading-tracker" not in framed


def test_outside_the_frame_a_signed_in_reader_keeps_both(client, make_resource, django_user_model):
    ebook = make_resource("ebook", title="ตำราหุ่นยนต์")
    client.force_login(django_user_model.objects.create_user("kru", password="x"))
    html = client.get(ebook.url).content.decode()
    assert "save-link" in html
    assert "data-reading-tracker" in html
