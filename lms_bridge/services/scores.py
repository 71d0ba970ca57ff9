"""The grade passback outbox: enqueue a simulator score, send it with retries, re-send on demand."""

from __future__ import annotations

import logging
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .. import platform_client, protocol
from ..models import Launch, PlatformUser, ScoreOutbox

logger = logging.getLogger("intelligent_center.lti")


# --- Grade passback outbox ------------------------------------------------------------------------

# Every score we send is for a finished attempt: Moodle 4.5 drops (blanks) a grade that is not
# FullyGraded, so nothing else is ever sent.
ACTIVITY_PROGRESS = "Completed"
GRADING_PROGRESS = "FullyGraded"
HELD = (ScoreOutbox.Status.PENDING, ScoreOutbox.Status.SENDING, ScoreOutbox.Status.SENT)
DEFAULT_POLICY = "highest"


def _grade_key(launch: Launch) -> str:
    course = launch.course.context_id if launch.course_id else ""
    parts = [str(launch.platform_id), course, launch.resource_link_id, launch.platform_user.sub]
    return "|".join(parts)[:600]


def _launch_for(attempt, page) -> Launch | None:
    """The launch the attempt belongs to (named by its token), else the user's latest one."""
    launches = (
        Launch.objects.select_related("platform", "platform_user", "course")
        .filter(
            platform_user__user=attempt.user,
            page_id=page.pk,
            message_type=Launch.MessageType.RESOURCE,
        )
        .exclude(lineitem_url="", lineitems_url="")
    )
    launch_id = (getattr(attempt, "lti_context", None) or {}).get("launch_id")
    if launch_id:
        named = launches.filter(pk=launch_id).first()
        if named is not None:
            return named
    return launches.order_by("-created_at").first()


def policy_allows(
    *, policy: str, held: list[ScoreOutbox], score: Decimal, maximum: Decimal
) -> bool:
    """Whether a new score should replace what the gradebook holds (or will hold)."""
    if not held:
        return True
    if policy == "first":
        return False
    if policy == "latest":
        return True
    best = max(row.score_given / row.score_maximum for row in held if row.score_maximum)
    return score / maximum > best


@transaction.atomic
def score_enqueue(*, attempt) -> ScoreOutbox | None:
    """Queue the score of a finished simulator attempt for the Moodle course it was launched from,
    when the simulator's grade policy (highest, latest, first) says the gradebook should take it;
    otherwise record it as *kept* (not sent).

    ``attempt`` has ``user``, ``simulator`` (page), ``score``, ``max_score``, ``created_at``,
    ``lti_context`` (and ``pk``). Returns ``None`` when the user did not come from an LTI launch
    with grade passback, or the simulator is not graded.
    """
    page = getattr(attempt.simulator, "specific", attempt.simulator)
    if not getattr(page, "is_graded", True) or attempt.user is None:
        return None
    launch = _launch_for(attempt, page)
    if launch is None or protocol.SCOPE_SCORE not in launch.ags_scopes:
        return None
    # One student's scores are queued one at a time, so the policy sees every earlier one.
    PlatformUser.objects.select_for_update().filter(pk=launch.platform_user_id).first()
    source_key = f"attempt:{attempt.pk}" if attempt.pk else f"attempt:{id(attempt)}"
    existing = ScoreOutbox.objects.filter(source_key=source_key).first()
    if existing is not None:
        return existing  # the same attempt twice
    key = _grade_key(launch)
    policy = getattr(page, "grade_policy", "") or DEFAULT_POLICY
    maximum = Decimal(str(attempt.max_score if attempt.max_score is not None else page.max_score))
    score = Decimal(str(attempt.score))
    held = list(ScoreOutbox.objects.filter(grade_key=key, status__in=HELD))
    allowed = policy_allows(policy=policy, held=held, score=score, maximum=maximum)
    outbox = ScoreOutbox.objects.create(
        launch=launch,
        source_key=source_key,
        user_sub=launch.platform_user.sub,
        grade_key=key,
        grade_policy=policy,
        resource_id=str(page.pk),
        label=str(page.title)[:300],
        score_given=score,
        score_maximum=maximum,
        activity_progress=ACTIVITY_PROGRESS,
        grading_progress=GRADING_PROGRESS,
        timestamp=attempt.created_at,
        lineitem_url=launch.lineitem_url,
        status=ScoreOutbox.Status.PENDING if allowed else ScoreOutbox.Status.KEPT,
        next_attempt_at=timezone.now() if allowed else None,
    )
    if allowed:
        ScoreOutbox.objects.filter(grade_key=key, status=ScoreOutbox.Status.PENDING).exclude(
            pk=outbox.pk
        ).update(
            status=ScoreOutbox.Status.SUPERSEDED,
            next_attempt_at=None,
            last_error="A later score replaced it before it was sent.",
        )
        transaction.on_commit(lambda: _enqueue_send(outbox.pk))
    return outbox


def _enqueue_send(outbox_id: int, run_after=None) -> None:
    from ..tasks import score_send_task

    task = score_send_task
    if run_after is not None:
        if not task.get_backend().supports_defer:
            return  # `manage.py lti_send_scores` (cron) picks it up when it is due
        task = task.using(run_after=run_after)
    task.enqueue(outbox_id)


def _backoff(attempts: int) -> timedelta:
    seconds = settings.LTI_SCORE_RETRY_BASE_SECONDS * (2 ** max(attempts - 1, 0))
    return timedelta(seconds=min(seconds, settings.LTI_SCORE_RETRY_MAX_SECONDS))


def _claim(outbox_id: int) -> ScoreOutbox | None:
    """Take the row for this worker: a conditional UPDATE, so of two overlapping senders
    (tasks, ``lti_send_scores``) exactly one sends it. A claim older than
    ``LTI_SCORE_CLAIM_STALE_SECONDS`` belonged to a worker that died and may be taken again."""
    now = timezone.now()
    stale = now - timedelta(seconds=settings.LTI_SCORE_CLAIM_STALE_SECONDS)
    claimed = (
        ScoreOutbox.objects.filter(pk=outbox_id)
        .filter(
            Q(status=ScoreOutbox.Status.PENDING)
            | Q(status=ScoreOutbox.Status.SENDING, claimed_at__lt=stale)
        )
        .update(status=ScoreOutbox.Status.SENDING, claimed_at=now)
    )
    if not claimed:
        return None
    return ScoreOutbox.objects.select_related("launch__platform").get(pk=outbox_id)


def _other_in_flight(outbox: ScoreOutbox) -> bool:
    stale = timezone.now() - timedelta(seconds=settings.LTI_SCORE_CLAIM_STALE_SECONDS)
    return (
        ScoreOutbox.objects.filter(
            grade_key=outbox.grade_key, status=ScoreOutbox.Status.SENDING, claimed_at__gte=stale
        )
        .exclude(pk=outbox.pk)
        .exists()
    )


def _send_timestamp(outbox: ScoreOutbox):
    """Moodle refuses (409) a score not strictly later, to the second, than the grade it holds:
    each score of a gradebook cell goes out at least one second after the previous one."""
    last = (
        ScoreOutbox.objects.filter(grade_key=outbox.grade_key, status=ScoreOutbox.Status.SENT)
        .exclude(pk=outbox.pk)
        .order_by("-timestamp")
        .values_list("timestamp", flat=True)
        .first()
    )
    stamp = outbox.timestamp
    if last is not None and stamp.replace(microsecond=0) <= last.replace(microsecond=0):
        stamp = last.replace(microsecond=0) + timedelta(seconds=1)
    return stamp


def score_send(*, outbox_id: int) -> ScoreOutbox:
    """Send one queued score (idempotent: a row already sent, kept or being sent by another
    worker is left alone). Network errors and 5xx leave it pending with a later retry time."""
    outbox = _claim(outbox_id)
    if outbox is None:
        return ScoreOutbox.objects.get(pk=outbox_id)
    if outbox.grade_key and _other_in_flight(outbox):
        outbox.status = ScoreOutbox.Status.PENDING  # an earlier score of this cell is in flight
        outbox.next_attempt_at = timezone.now() + timedelta(seconds=30)
        outbox.save(update_fields=["status", "next_attempt_at"])
        retry_at = outbox.next_attempt_at
        transaction.on_commit(lambda: _enqueue_send(outbox.pk, run_after=retry_at))
        return outbox
    if (
        outbox.grade_key
        and ScoreOutbox.objects.filter(
            grade_key=outbox.grade_key,
            status=ScoreOutbox.Status.SENT,
            created_at__gt=outbox.created_at,
        ).exists()
    ):
        outbox.status = ScoreOutbox.Status.SUPERSEDED  # never move the grade back
        outbox.next_attempt_at = None
        outbox.last_error = "A later score was already sent."
        outbox.save()
        return outbox
    launch, platform = outbox.launch, outbox.launch.platform
    outbox.attempts += 1
    if outbox.grade_key:
        outbox.timestamp = _send_timestamp(outbox)
    try:
        if not outbox.lineitem_url:
            outbox.lineitem_url = platform_client.lineitem_find_or_create(
                platform=platform,
                lineitems_url=launch.lineitems_url,
                resource_id=outbox.resource_id,
                resource_link_id=launch.resource_link_id,
                label=outbox.label,
                score_maximum=float(outbox.score_maximum),
            )
        platform_client.score_post(
            platform=platform,
            lineitem_url=outbox.lineitem_url,
            score={
                "userId": outbox.user_sub,
                "scoreGiven": float(outbox.score_given),
                "scoreMaximum": float(outbox.score_maximum),
                "timestamp": outbox.timestamp.isoformat(timespec="milliseconds"),
                "activityProgress": outbox.activity_progress,
                "gradingProgress": outbox.grading_progress,
            },
        )
    except platform_client.ScoreConflict as exc:
        outbox.status = ScoreOutbox.Status.SUPERSEDED
        outbox.last_error = str(exc)
        outbox.next_attempt_at = None
    except platform_client.PlatformRefused as exc:
        outbox.status = ScoreOutbox.Status.FAILED
        outbox.last_error = str(exc)
        outbox.next_attempt_at = None
    except platform_client.PlatformUnavailable as exc:
        outbox.status = ScoreOutbox.Status.PENDING
        outbox.last_error = str(exc)
        outbox.next_attempt_at = timezone.now() + _backoff(outbox.attempts)
        logger.warning(
            "LTI score %s not sent, retry at %s: %s", outbox.pk, outbox.next_attempt_at, exc
        )
    else:
        outbox.status = ScoreOutbox.Status.SENT
        outbox.sent_at = timezone.now()
        outbox.last_error = ""
        outbox.next_attempt_at = None
    outbox.claimed_at = None
    outbox.save()
    if outbox.status == ScoreOutbox.Status.PENDING:
        retry_at = outbox.next_attempt_at
        transaction.on_commit(lambda: _enqueue_send(outbox.pk, run_after=retry_at))
    return outbox


def scores_due_send(*, limit: int = 500) -> list[ScoreOutbox]:
    """Send every pending score whose retry time has come (cron: ``lti_send_scores``)."""
    due = (
        ScoreOutbox.objects.filter(
            Q(status=ScoreOutbox.Status.PENDING, next_attempt_at__lte=timezone.now())
            | Q(
                status=ScoreOutbox.Status.SENDING,
                claimed_at__lt=timezone.now()
                - timedelta(seconds=settings.LTI_SCORE_CLAIM_STALE_SECONDS),
            )
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    return [score_send(outbox_id=pk) for pk in list(due)]


@transaction.atomic
def scores_retry(*, outbox_ids: list[int]) -> int:
    """Staff put failed scores back in the queue (admin action)."""
    count = (
        ScoreOutbox.objects.filter(pk__in=outbox_ids)
        .filter(status__in=[ScoreOutbox.Status.FAILED, ScoreOutbox.Status.PENDING])
        .update(status=ScoreOutbox.Status.PENDING, next_attempt_at=timezone.now())
    )
    for pk in outbox_ids:
        transaction.on_commit(lambda pk=pk: _enqueue_send(pk))
    return count
