"""Every bad token or request is refused with a 4xx bilingual error page and a reference code,
never the resource (1EdTech certification: "invalid payloads")."""

from __future__ import annotations

import re
import time

import pytest

from lms_bridge.models import Deployment, Launch, LoginState
from tests.lti.platform import LTI, new_rsa_key

from .conftest import page_url

pytestmark = pytest.mark.django_db

REFERENCE = re.compile(r"LTI-[0-9A-F]{8}")


def assert_refused(response, resource, status=403):
    assert response.status_code == status, response.content[:300]
    html = response.content.decode()
    assert REFERENCE.search(html), "a reference code is shown"
    assert "เปิดกิจกรรมไม่ได้" in html and "The activity could not be opened" in html
    assert "Traceback" not in html
    assert resource.title not in html, "never the resource"
    assert not Launch.objects.exists()


def test_bad_signature(flow, resource):
    auth = flow.start(target=page_url(resource))
    claims = flow.platform.claims(nonce=auth["nonce"], target_link_uri=page_url(resource))
    forged = flow.platform.sign(claims, key=new_rsa_key())  # same kid, another key
    assert_refused(flow.post(forged), resource)


def test_tampered_payload(flow, resource):
    auth = flow.start(target=page_url(resource))
    claims = flow.platform.claims(nonce=auth["nonce"], target_link_uri=page_url(resource))
    header, payload, signature = flow.platform.sign(claims).split(".")
    other = flow.platform.sign({**claims, "sub": "admin"}).split(".")[1]
    assert_refused(flow.post(f"{header}.{other}.{signature}"), resource)
    assert payload != other


@pytest.mark.parametrize("alg", ["none", "HS256"])
def test_algorithm_not_allowed(flow, resource, alg):
    auth = flow.start(target=page_url(resource))
    claims = flow.platform.claims(nonce=auth["nonce"], target_link_uri=page_url(resource))
    assert_refused(flow.post(flow.platform.sign(claims, alg=alg)), resource)


def test_rs512_is_not_on_the_allow_list(flow, resource):
    auth = flow.start(target=page_url(resource))
    claims = flow.platform.claims(nonce=auth["nonce"], target_link_uri=page_url(resource))
    assert_refused(flow.post(flow.platform.sign(claims, alg="RS512")), resource)


def test_malformed_token(flow, resource):
    flow.start(target=page_url(resource))
    assert_refused(flow.post("not.a.jwt"), resource, status=400)


def test_jwks_is_cached_between_launches(flow, resource):
    flow.launch(target=page_url(resource))
    flow.launch(target=page_url(resource))
    assert flow.platform.jwks_fetches == 1


def test_unknown_kid_refetches_the_jwks_once(flow, resource):
    flow.launch(target=page_url(resource))
    assert flow.platform.jwks_fetches == 1
    flow.platform.rotate_key()  # the platform rotated: our cached set lacks the new kid
    assert flow.launch(target=page_url(resource)).status_code == 200
    assert flow.platform.jwks_fetches == 2


def test_kid_unknown_even_after_refetch(flow, resource):
    flow.launch(target=page_url(resource))
    auth = flow.start(target=page_url(resource))
    claims = flow.platform.claims(nonce=auth["nonce"], target_link_uri=page_url(resource))
    response = flow.post(flow.platform.sign(claims, kid="nobody-knows"))
    assert flow.platform.jwks_fetches == 2  # refetched exactly once
    assert response.status_code == 403
    assert Launch.objects.count() == 1


def test_wrong_issuer(flow, resource):
    auth = flow.start(target=page_url(resource))
    claims = flow.platform.claims(
        nonce=auth["nonce"], target_link_uri=page_url(resource), iss=flow.platform.issuer + "/"
    )
    assert_refused(flow.post(flow.platform.sign(claims)), resource)


def test_wrong_audience(flow, resource):
    auth = flow.start(target=page_url(resource))
    claims = flow.platform.claims(
        nonce=auth["nonce"], target_link_uri=page_url(resource), aud="another-tool"
    )
    assert_refused(flow.post(flow.platform.sign(claims)), resource)


def test_several_audiences_need_azp(flow, resource):
    target = page_url(resource)
    auth = flow.start(target=target)
    claims = flow.platform.claims(
        nonce=auth["nonce"], target_link_uri=target, aud=[flow.platform.client_id, "other"]
    )
    assert_refused(flow.post(flow.platform.sign(claims)), resource)
    auth = flow.start(target=target)
    claims = flow.platform.claims(
        nonce=auth["nonce"],
        target_link_uri=target,
        aud=[flow.platform.client_id, "other"],
        azp=flow.platform.client_id,
    )
    assert flow.post(flow.platform.sign(claims)).status_code == 200


def test_azp_for_another_client(flow, resource):
    auth = flow.start(target=page_url(resource))
    claims = flow.platform.claims(
        nonce=auth["nonce"], target_link_uri=page_url(resource), azp="another-tool"
    )
    assert_refused(flow.post(flow.platform.sign(claims)), resource)


@pytest.mark.parametrize(("shift", "accepted"), [(-30, True), (-90, False)])
def test_exp_leeway_is_at_most_60_seconds(flow, resource, shift, accepted):
    auth = flow.start(target=page_url(resource))
    now = int(time.time())
    claims = flow.platform.claims(
        nonce=auth["nonce"], target_link_uri=page_url(resource), exp=now + shift, iat=now - 300
    )
    response = flow.post(flow.platform.sign(claims))
    if accepted:
        assert response.status_code == 200
    else:
        assert_refused(response, resource)


@pytest.mark.parametrize(("shift", "accepted"), [(30, True), (120, False)])
def test_iat_in_the_future(flow, resource, shift, accepted):
    auth = flow.start(target=page_url(resource))
    now = int(time.time())
    claims = flow.platform.claims(
        nonce=auth["nonce"], target_link_uri=page_url(resource), iat=now + shift, exp=now + 600
    )
    response = flow.post(flow.platform.sign(claims))
    assert (response.status_code == 200) is accepted


def test_nonce_must_be_the_one_of_this_login(flow, resource):
    flow.start(target=page_url(resource))
    claims = flow.platform.claims(nonce="made-up", target_link_uri=page_url(resource))
    assert_refused(flow.post(flow.platform.sign(claims)), resource)


def test_replay_of_the_same_launch_fails(flow, resource):
    auth = flow.start(target=page_url(resource))
    claims = flow.platform.claims(nonce=auth["nonce"], target_link_uri=page_url(resource))
    token = flow.platform.sign(claims)
    assert flow.post(token).status_code == 200
    assert not LoginState.objects.exists()  # state and nonce deleted on use
    replay = flow.post(token)
    assert replay.status_code == 403
    assert Launch.objects.count() == 1


def test_state_from_another_browser(flow, resource, client):
    auth = flow.start(target=page_url(resource))
    claims = flow.platform.claims(nonce=auth["nonce"], target_link_uri=page_url(resource))
    token = flow.platform.sign(claims)
    client.cookies.clear()
    client.cookies["lti_state_" + auth["state"]] = "a-guess"
    assert_refused(flow.post(token), resource)


def test_state_cookie_refused_offers_a_one_time_ticket_for_a_new_window(flow, resource, client):
    """The launch is validated (signature, nonce, single-use state) but not shown in place: a
    ticket bound to it opens it once, first-party, without replaying the platform's login."""
    auth = flow.start(target=page_url(resource))
    claims = flow.platform.claims(nonce=auth["nonce"], target_link_uri=page_url(resource))
    client.cookies.clear()  # the browser dropped our third-party cookie
    response = flow.post(flow.platform.sign(claims))
    assert response.status_code == 200
    html = response.content.decode()
    assert resource.title in html and "เปิดในหน้าต่างใหม่ / Open in a new window" in html
    assert 'action="/lti/open/"' in html and 'target="_blank"' in html
    assert "/lti/login/" not in html  # never the platform's one-time login again
    assert "ic_lti_launch" not in response.cookies
    ticket = re.search(r'name="ticket" value="([^"]+)"', html).group(1)
    opened = client.post("/lti/open/", {"ticket": ticket}, headers={"Sec-Fetch-Dest": "document"})
    assert opened.status_code == 200
    assert opened.wsgi_request.user == Launch.objects.get().platform_user.user
    assert 'class="site-header"' not in opened.content.decode()
    assert "ic_lti_launch" not in opened.cookies  # the new window is not signed in to the site
    again = client.post("/lti/open/", {"ticket": ticket})
    assert again.status_code == 403  # one time only


def test_ticket_expires(flow, resource, client, settings):
    auth = flow.start(target=page_url(resource))
    claims = flow.platform.claims(nonce=auth["nonce"], target_link_uri=page_url(resource))
    client.cookies.clear()
    html = flow.post(flow.platform.sign(claims)).content.decode()
    ticket = re.search(r'name="ticket" value="([^"]+)"', html).group(1)
    settings.LTI_TICKET_SECONDS = -1
    response = client.post("/lti/open/", {"ticket": ticket})
    assert response.status_code == 403 and resource.title not in response.content.decode()


def test_forged_ticket(client, resource):
    response = client.post("/lti/open/", {"ticket": "guess"})
    assert response.status_code == 403


def test_unknown_state(flow, resource):
    auth = flow.start(target=page_url(resource))
    claims = flow.platform.claims(nonce=auth["nonce"], target_link_uri=page_url(resource))
    assert_refused(flow.post(flow.platform.sign(claims), state="forged-state"), resource)


def test_unknown_deployment(flow, resource):
    auth = flow.start(target=page_url(resource))
    claims = flow.platform.claims(
        nonce=auth["nonce"], target_link_uri=page_url(resource), **{LTI + "deployment_id": "99"}
    )
    assert_refused(flow.post(flow.platform.sign(claims)), resource)
    assert not Deployment.objects.filter(deployment_id="99").exists()  # not auto-created


def test_inactive_deployment(flow, resource):
    Deployment.objects.update(is_active=False)
    auth = flow.start(target=page_url(resource))
    claims = flow.platform.claims(nonce=auth["nonce"], target_link_uri=page_url(resource))
    assert_refused(flow.post(flow.platform.sign(claims)), resource)


@pytest.mark.parametrize(
    "claim",
    [
        LTI + "version",
        LTI + "message_type",
        LTI + "roles",
        LTI + "resource_link",
        LTI + "deployment_id",
        LTI + "target_link_uri",
        "sub",
        "nonce",
        "exp",
        "iat",
    ],
)
def test_required_claims(flow, resource, claim):
    auth = flow.start(target=page_url(resource))
    claims = flow.platform.claims(nonce=auth["nonce"], target_link_uri=page_url(resource))
    del claims[claim]
    response = flow.post(flow.platform.sign(claims))
    assert response.status_code in (400, 403)
    assert_refused(response, resource, status=response.status_code)


@pytest.mark.parametrize(
    ("claim", "value"),
    [
        (LTI + "version", "1.1"),
        (LTI + "message_type", "LtiSubmissionReviewRequest"),
        (LTI + "resource_link", {"title": "no id"}),
        (LTI + "roles", "Learner"),
    ],
)
def test_bad_claim_values(flow, resource, claim, value):
    auth = flow.start(target=page_url(resource))
    claims = flow.platform.claims(nonce=auth["nonce"], target_link_uri=page_url(resource))
    claims[claim] = value
    response = flow.post(flow.platform.sign(claims))
    assert_refused(response, resource, status=400)


def test_target_link_uri_must_equal_the_login_one(flow, resource, make_resource):
    other = make_resource("ebook", title="หนังสืออื่น")
    auth = flow.start(target=page_url(resource))
    claims = flow.platform.claims(nonce=auth["nonce"], target_link_uri=page_url(other))
    assert_refused(flow.post(flow.platform.sign(claims)), resource)


def test_login_target_outside_our_domain(flow, resource):
    response = flow.login(target="https://evil.example/steal")
    assert_refused(response, resource)
    assert not LoginState.objects.exists()


def test_login_from_unknown_issuer(flow, resource):
    response = flow.login(target=page_url(resource), iss="https://unknown.example")
    assert_refused(response, resource)


def test_login_missing_parameters(client, registered, resource):
    response = client.post("/lti/login/", {"iss": registered.issuer})
    assert_refused(response, resource, status=400)


def test_launch_without_token(flow, resource):
    flow.start(target=page_url(resource))
    response = flow.client.post("/lti/launch/", {"state": flow.auth["state"]})
    assert_refused(response, resource, status=400)


def test_launch_by_get_is_not_allowed(client, db):
    assert client.get("/lti/launch/").status_code == 405


def test_login_state_expires(flow, resource, settings):
    auth = flow.start(target=page_url(resource))
    LoginState.objects.update(created_at=LoginState.objects.get().created_at.replace(year=2020))
    claims = flow.platform.claims(nonce=auth["nonce"], target_link_uri=page_url(resource))
    assert_refused(flow.post(flow.platform.sign(claims)), resource)


def test_inactive_platform(flow, resource, registered):
    auth = flow.start(target=page_url(resource))
    registered.is_active = False
    registered.save()
    claims = flow.platform.claims(nonce=auth["nonce"], target_link_uri=page_url(resource))
    assert_refused(flow.post(flow.platform.sign(claims)), resource)


def test_platform_jwks_unreachable(flow, resource):
    auth = flow.start(target=page_url(resource))
    claims = flow.platform.claims(nonce=auth["nonce"], target_link_uri=page_url(resource))
    token = flow.platform.sign(claims)
    flow.platform.stop()
    assert_refused(flow.post(token), resource)


def test_jwks_that_is_not_a_key_set(flow, resource, monkeypatch):
    monkeypatch.setattr(flow.platform, "jwks", lambda: {"not": "keys"})
    auth = flow.start(target=page_url(resource))
    claims = flow.platform.claims(nonce=auth["nonce"], target_link_uri=page_url(resource))
    assert_refused(flow.post(flow.platform.sign(claims)), resource)


def test_anonymous_logins_are_rate_limited_per_address(flow, resource, settings):
    settings.LTI_LOGIN_RATE = "5/m"
    statuses = [
        flow.client.post(
            "/lti/login/",
            flow.platform.login_params(target_link_uri=page_url(resource)),
            REMOTE_ADDR="198.51.100.9",
        ).status_code
        for _ in range(8)
    ]
    assert statuses == [302] * 5 + [429] * 3
    assert LoginState.objects.count() == 5


def test_rate_limited_login_says_so_in_thai_and_english(flow, resource, settings):
    settings.LTI_LOGIN_RATE = "1/m"
    params = flow.platform.login_params(target_link_uri=page_url(resource))
    flow.client.post("/lti/login/", params, REMOTE_ADDR="198.51.100.10")
    refused = flow.client.post("/lti/login/", params, REMOTE_ADDR="198.51.100.10")
    text = refused.content.decode()
    assert refused.status_code == 429
    assert "มีคำขอมากเกินไป" in text and "Wait a minute and try again" in text
    # another college's address is not affected
    other = flow.client.post("/lti/login/", params, REMOTE_ADDR="198.51.100.11")
    assert other.status_code == 302


def test_unknown_kids_cost_at_most_one_jwks_fetch_a_minute(flow, resource):
    flow.launch(target=page_url(resource))
    for _ in range(5):  # anonymous posts with made-up kids
        auth = flow.start(target=page_url(resource))
        claims = flow.platform.claims(nonce=auth["nonce"], target_link_uri=page_url(resource))
        assert flow.post(flow.platform.sign(claims, kid="made-up")).status_code == 403
    assert flow.platform.jwks_fetches == 2  # the first launch, then one refetch
