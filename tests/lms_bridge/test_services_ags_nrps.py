"""Assignment and Grade Services 2.0 and Names and Role Provisioning 2.0 against the loopback
platform: real client-credentials tokens (our signed JWT assertion checked by the platform)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from lms_bridge import platform_client, receivers, services
from lms_bridge.models import Launch, ScoreOutbox
from tests.lti.platform import LTI, ROLE_INSTRUCTOR, ROLE_LEARNER

from .conftest import TOOL

pytestmark = pytest.mark.django_db
AGS = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
_ids = itertools.count(1000)


@dataclass
class Attempt:
    """What `files.signals.simulator_attempt_recorded` carries (docs/architecture.md)."""

    user: object
    simulator: object
    score: Decimal
    max_score: Decimal | None = Decimal("20")
    completed: bool = True
    created_at: datetime = field(default_factory=timezone.now)
    pk: int = field(default_factory=lambda: next(_ids))


@pytest.fixture
def record(django_capture_on_commit_callbacks):
    """Send the files app's signal the way it will: inside a transaction that commits."""

    def send(attempt):
        with django_capture_on_commit_callbacks(execute=True):
            receivers.score_passback_on_attempt(sender=None, attempt=attempt, request=None)

    return send


def student_launch(flow, simulator, **claims):
    response = flow.launch(target=TOOL + simulator.url, roles=[ROLE_LEARNER], **claims)
    assert response.status_code == 200
    return Launch.objects.order_by("-created_at").first()


def test_score_is_sent_with_token_line_item_and_iso_timestamp(record, flow, simulator):
    launch = student_launch(flow, simulator)
    when = datetime(2026, 11, 21, 8, 30, 15, 123000, tzinfo=UTC)
    record(Attempt(launch.platform_user.user, simulator, Decimal("17.5"), created_at=when))
    outbox = ScoreOutbox.objects.get()
    assert outbox.status == ScoreOutbox.Status.SENT and outbox.attempts == 1
    plat = flow.platform
    # token: client credentials with our signed assertion, the scopes asked for
    assert plat.token_requests and "lti-ags/scope/score" in plat.token_requests[0]["scope"]
    # line item created once with the simulator's maximum and resource id
    (item,) = plat.lineitems.values()
    assert item["scoreMaximum"] == 20.0 and item["resourceId"] == str(simulator.pk)
    assert item["resourceLinkId"] == launch.resource_link_id
    (score,) = plat.scores
    assert score["userId"] == "user-7"
    assert score["scoreGiven"] == 17.5 and score["scoreMaximum"] == 20.0
    assert score["activityProgress"] == "Completed"
    assert score["gradingProgress"] == "FullyGraded"
    assert score["timestamp"] == "2026-11-21T08:30:15.123+00:00"
    assert score["_lineitem"].endswith("/lineitem/scores") and score["_query"] == "type_id=1"


def test_token_is_cached_and_line_item_found_again(record, flow, simulator):
    launch = student_launch(flow, simulator)
    user = launch.platform_user.user
    record(Attempt(user, simulator, 5))
    record(Attempt(user, simulator, 9, completed=False))
    assert len(flow.platform.token_requests) == 1  # cached until expiry
    assert len(flow.platform.lineitems) == 1  # found, not created twice
    assert [s["scoreGiven"] for s in flow.platform.scores] == [5, 9]
    # a finished attempt is always fully graded, even when the simulator says "not completed"
    # (Moodle 4.5 blanks the grade for anything else)
    assert flow.platform.scores[1]["activityProgress"] == "Completed"
    assert flow.platform.scores[1]["gradingProgress"] == "FullyGraded"


def test_launch_line_item_claim_is_used_directly(record, flow, simulator):
    plat = flow.platform
    lineitem = plat.base_url + "/mod/lti/services.php/2/lineitems/5/lineitem?type_id=1"
    launch = student_launch(
        flow,
        simulator,
        **{
            AGS: {
                "scope": ["https://purl.imsglobal.org/spec/lti-ags/scope/score"],
                "lineitem": lineitem,
            }
        },
    )
    record(Attempt(launch.platform_user.user, simulator, 12))
    assert plat.lineitems == {}
    assert plat.scores[0]["_lineitem"] == "/mod/lti/services.php/2/lineitems/5/lineitem/scores"


def test_moodle_down_keeps_the_score_and_retries_with_backoff(record, flow, simulator):
    launch = student_launch(flow, simulator)
    flow.platform.score_status = 503
    record(Attempt(launch.platform_user.user, simulator, 15))
    outbox = ScoreOutbox.objects.get()
    assert outbox.status == ScoreOutbox.Status.PENDING and outbox.attempts == 1
    assert "503" in outbox.last_error
    first_delay = (outbox.next_attempt_at - timezone.now()).total_seconds()
    assert 50 < first_delay <= 60
    # not due yet: the cron command leaves it alone
    assert services.scores_due_send() == []
    # still down when due: the delay doubles
    ScoreOutbox.objects.update(next_attempt_at=timezone.now())
    (outbox,) = services.scores_due_send()
    assert outbox.attempts == 2 and outbox.status == ScoreOutbox.Status.PENDING
    assert 110 < (outbox.next_attempt_at - timezone.now()).total_seconds() <= 120
    # Moodle is back
    flow.platform.score_status = None
    ScoreOutbox.objects.update(next_attempt_at=timezone.now())
    (outbox,) = services.scores_due_send()
    assert outbox.status == ScoreOutbox.Status.SENT and outbox.attempts == 3
    assert flow.platform.scores[0]["scoreGiven"] == 15


def test_moodle_unreachable_network_error(record, flow, simulator):
    launch = student_launch(flow, simulator)
    flow.platform.stop()  # connection refused
    record(Attempt(launch.platform_user.user, simulator, 3))
    outbox = ScoreOutbox.objects.get()
    assert outbox.status == ScoreOutbox.Status.PENDING
    assert outbox.next_attempt_at > timezone.now()


def test_409_conflict_is_handled_not_retried(record, flow, simulator):
    launch = student_launch(flow, simulator)
    flow.platform.score_status = 409
    record(Attempt(launch.platform_user.user, simulator, 3))
    outbox = ScoreOutbox.objects.get()
    assert outbox.status == ScoreOutbox.Status.SUPERSEDED
    assert outbox.next_attempt_at is None
    assert services.scores_due_send() == []


def test_refused_score_is_failed_and_can_be_retried_by_staff(
    record, flow, simulator, django_capture_on_commit_callbacks
):
    launch = student_launch(flow, simulator)
    flow.platform.score_status = 400
    record(Attempt(launch.platform_user.user, simulator, 3))
    outbox = ScoreOutbox.objects.get()
    assert outbox.status == ScoreOutbox.Status.FAILED
    flow.platform.score_status = None
    with django_capture_on_commit_callbacks(execute=True):
        assert services.scores_retry(outbox_ids=[outbox.pk]) == 1
    outbox.refresh_from_db()
    assert outbox.status == ScoreOutbox.Status.SENT


def test_same_attempt_twice_is_sent_once(record, flow, simulator):
    launch = student_launch(flow, simulator)
    attempt = Attempt(launch.platform_user.user, simulator, 8)
    record(attempt)
    record(attempt)
    assert ScoreOutbox.objects.count() == 1 and len(flow.platform.scores) == 1


def test_no_passback_without_lti_launch_or_scope(flow, simulator, make_resource, django_user_model):
    stranger = django_user_model.objects.create_user("walk-in")
    assert services.score_enqueue(attempt=Attempt(stranger, simulator, 1)) is None
    launch = student_launch(flow, simulator, **{AGS: None})
    assert services.score_enqueue(attempt=Attempt(launch.platform_user.user, simulator, 1)) is None
    ungraded = make_resource("simulator", title="จำลองไม่ให้คะแนน", is_graded=False)
    assert services.score_enqueue(attempt=Attempt(launch.platform_user.user, ungraded, 1)) is None
    assert not ScoreOutbox.objects.exists()


def test_token_endpoint_rejects_a_bad_assertion(flow, simulator, registered):
    from lms_bridge import keys

    keys.keys_rotate(grace_days=0)  # the platform still has our old JWKS: assertion unverifiable
    with pytest.raises(platform_client.PlatformRefused):
        platform_client.access_token(platform=registered, scopes=["x"])


# --- NRPS -------------------------------------------------------------------------------------


def members(n: int) -> list[dict]:
    rows = [
        {
            "user_id": f"student-{i}",
            "name": f"นักเรียน {i}",
            "roles": ["http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"],
            "status": "Active",
        }
        for i in range(n)
    ]
    rows.append(
        {
            "user_id": "user-7",
            "roles": ["http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"],
        }
    )
    return rows


def test_roster_follows_pages_and_shows_launches_and_scores(record, flow, client, simulator):
    plat = flow.platform
    plat.members = members(5)  # 6 members, 2 per page → 3 pages
    # student-3 launched twice and got a score
    for _ in range(2):
        launch = student_launch(flow, simulator, sub="student-3")
    record(Attempt(launch.platform_user.user, simulator, Decimal("18")))
    flow.launch(target=TOOL + simulator.url, roles=[ROLE_INSTRUCTOR])
    teacher_launch = Launch.objects.order_by("-created_at").first()
    response = client.get(f"/lti/roster/{teacher_launch.token}/")
    assert response.status_code == 200
    html = response.content.decode()
    for i in range(5):
        assert f"นักเรียน {i}" in html
    rows = response.context["rows"]
    assert len(rows) == 6
    row = next(r for r in rows if r.sub == "student-3")
    assert row.launches == 2 and row.latest_score == Decimal("18")
    assert "18 / 20" in html
    assert "X-Frame-Options" not in response


def test_roster_is_for_teachers_only(flow, client, simulator):
    launch = student_launch(flow, simulator)
    response = client.get(f"/lti/roster/{launch.token}/")
    assert response.status_code == 403


def test_roster_when_moodle_is_down(flow, client, simulator):
    flow.launch(target=TOOL + simulator.url, roles=[ROLE_INSTRUCTOR])
    launch = Launch.objects.get()
    flow.platform.stop()
    response = client.get(f"/lti/roster/{launch.token}/")
    assert response.status_code == 200
    assert response.context["roster_error"]


def test_teacher_bar_links_to_roster(flow, simulator):
    response = flow.launch(target=TOOL + simulator.url, roles=[ROLE_INSTRUCTOR])
    token = Launch.objects.get().token
    assert f"/lti/roster/{token}/" in response.content.decode()
    response = flow.launch(target=TOOL + simulator.url, roles=[ROLE_LEARNER])
    assert "/lti/roster/" not in response.content.decode()


def test_memberships_without_context_claim(flow, client, simulator):
    flow.launch(target=TOOL + simulator.url, roles=[ROLE_INSTRUCTOR], **{LTI + "context": None})
    launch = Launch.objects.get()
    assert client.get(f"/lti/roster/{launch.token}/").status_code == 400
