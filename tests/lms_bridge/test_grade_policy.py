"""The grade policy per simulator (highest, latest, first) and the outbox that applies it: Moodle
only ever receives FullyGraded scores that follow the policy, never an older one over a newer
one, and two overlapping senders never send a score twice."""

from __future__ import annotations

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from lms_bridge import services
from lms_bridge.models import Launch, ScoreOutbox

from .conftest import TOOL
from .test_services_ags_nrps import Attempt, student_launch

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(django_capture_on_commit_callbacks):
    from lms_bridge import receivers

    def send(attempt):
        with django_capture_on_commit_callbacks(execute=True):
            receivers.score_passback_on_attempt(sender=None, attempt=attempt, request=None)

    return send


def two_attempts(record, flow, simulator, policy, first, second):
    simulator.grade_policy = policy
    simulator.save_revision().publish()
    launch = student_launch(flow, simulator)
    user = launch.platform_user.user
    now = timezone.now()
    record(Attempt(user, simulator, Decimal(first), created_at=now))
    # the same second on purpose: Moodle refuses a score not strictly later, to the second
    record(Attempt(user, simulator, Decimal(second), created_at=now + timedelta(milliseconds=300)))
    return [s["scoreGiven"] for s in flow.platform.scores]


@pytest.mark.parametrize(
    ("policy", "sent", "statuses"),
    [
        ("highest", [20], ["sent", "kept"]),
        ("latest", [20, 12], ["sent", "sent"]),
        ("first", [20], ["sent", "kept"]),
    ],
)
def test_a_lower_second_score_under_each_policy(record, flow, simulator, policy, sent, statuses):
    assert two_attempts(record, flow, simulator, policy, "20", "12") == sent
    rows = list(ScoreOutbox.objects.order_by("created_at"))
    assert [r.status for r in rows] == statuses
    assert all(s["gradingProgress"] == "FullyGraded" for s in flow.platform.scores)
    assert all(s["activityProgress"] == "Completed" for s in flow.platform.scores)
    stamps = [s["timestamp"] for s in flow.platform.scores]
    assert stamps == sorted(stamps) and len(set(s[:19] for s in stamps)) == len(stamps)


def test_a_higher_second_score_replaces_the_grade_under_highest(record, flow, simulator):
    assert two_attempts(record, flow, simulator, "highest", "12", "20") == [12, 20]


def test_first_keeps_the_first_score_even_when_lower(record, flow, simulator):
    assert two_attempts(record, flow, simulator, "first", "12", "20") == [12]


def test_the_roster_shows_what_moodle_holds(record, flow, client, simulator):
    from tests.lti.platform import ROLE_INSTRUCTOR

    flow.platform.members = [{"user_id": "user-7", "name": "สมชาย", "roles": ["x#Learner"]}]
    two_attempts(record, flow, simulator, "highest", "20", "12")
    flow.launch(target=TOOL + simulator.url, roles=[ROLE_INSTRUCTOR], sub="teacher-1")
    teacher = Launch.objects.order_by("-created_at").first()
    rows = client.get(f"/lti/roster/{teacher.token}/").context["rows"]
    assert next(r for r in rows if r.sub == "user-7").latest_score == Decimal("20")


def test_an_older_score_never_goes_out_after_a_newer_one(record, flow, simulator):
    simulator.grade_policy = "latest"
    simulator.save_revision().publish()
    launch = student_launch(flow, simulator)
    user = launch.platform_user.user
    flow.platform.score_status = 503  # Moodle down: the first score waits
    record(Attempt(user, simulator, Decimal("20")))
    flow.platform.score_status = None
    record(Attempt(user, simulator, Decimal("12")))
    first, second = ScoreOutbox.objects.order_by("created_at")
    first.refresh_from_db()
    assert first.status == ScoreOutbox.Status.SUPERSEDED  # replaced before it was sent
    assert second.status == ScoreOutbox.Status.SENT
    services.score_send(outbox_id=first.pk)
    assert [s["scoreGiven"] for s in flow.platform.scores] == [12]


def test_a_score_being_sent_by_another_worker_is_left_alone(record, flow, simulator):
    launch = student_launch(flow, simulator)
    flow.platform.score_status = 503
    record(Attempt(launch.platform_user.user, simulator, Decimal("15")))
    flow.platform.score_status = None
    ScoreOutbox.objects.update(
        status=ScoreOutbox.Status.SENDING, claimed_at=timezone.now(), next_attempt_at=None
    )
    outbox = ScoreOutbox.objects.get()
    assert services.score_send(outbox_id=outbox.pk).status == ScoreOutbox.Status.SENDING
    assert services.scores_due_send() == []
    assert flow.platform.scores == []
    # the worker died: after the stale delay the row is taken again and sent once
    ScoreOutbox.objects.update(claimed_at=timezone.now() - timedelta(minutes=10))
    (sent,) = services.scores_due_send()
    assert sent.status == ScoreOutbox.Status.SENT
    assert [s["scoreGiven"] for s in flow.platform.scores] == [15]


@pytest.mark.django_db(transaction=True)
def test_two_overlapping_senders_send_a_score_once(flow, simulator):
    launch = student_launch(flow, simulator)
    flow.platform.score_status = 503
    from lms_bridge import receivers

    receivers.score_passback_on_attempt(
        sender=None, attempt=Attempt(launch.platform_user.user, simulator, Decimal("9"))
    )
    flow.platform.score_status = None
    ScoreOutbox.objects.update(next_attempt_at=timezone.now())
    barrier = threading.Barrier(2)
    results = []

    def sender():
        try:
            barrier.wait()
            results.append([o.status for o in services.scores_due_send()])
        finally:
            connection.close()

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [s["scoreGiven"] for s in flow.platform.scores] == [9]
    assert ScoreOutbox.objects.get().status == ScoreOutbox.Status.SENT
