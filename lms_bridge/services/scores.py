"""The grade passback outbox: enqueue a simulator score, send it with retries, re-send on demand."""

from __future__ import annotations

import logging
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from .. import platform_client, protocol
from ..models import (
    Launch,
    ScoreOutbox,
)

logger = logging.getLogger("intelligent_center.lti")


# --- Grade passback outbox ------------------------------------------------------------------------


def _progress(completed: bool) -> tuple[str, str]:
    return ("Completed", "FullyGraded") if completed else ("InProgress", "Pending")


@transaction.atomic
def score_enqueue(*, attempt) -> ScoreOutbox | None:
    """Queue the score of a simulator attempt for the Moodle course it was launched from.

    ``attempt`` has ``user``, ``simulator`` (page), ``score``, ``max_score``, ``completed``,
    ``created_at`` (and ``pk``). Returns ``None`` when the user did not come from an LTI launch
    with grade passback, or the simulator is not graded.
    """
    page = attempt.simulator
    if not getattr(page, "is_graded", True) or attempt.user is None:
        return None
    launch = (
        Launch.objects.select_related("platform", "platform_user")
        .filter(
            platform_user__user=attempt.user,
            page_id=page.pk,
            message_type=Launch.MessageType.RESOURCE,
        )
        .exclude(lineitem_url="", lineitems_url="")
        .order_by("-created_at")
        .first()
    )
    if launch is None or protocol.SCOPE_SCORE not in launch.ags_scopes:
        return None
    activity, grading = _progress(bool(attempt.completed))
    maximum = attempt.max_score if attempt.max_score is not None else page.max_score
    source_key = f"attempt:{attempt.pk}" if attempt.pk else f"attempt:{id(attempt)}"
    try:
        with transaction.atomic():
            outbox = ScoreOutbox.objects.create(
                launch=launch,
                source_key=source_key,
                user_sub=launch.platform_user.sub,
                resource_id=str(page.pk),
                label=str(page.title)[:300],
                score_given=Decimal(str(attempt.score)),
                score_maximum=Decimal(str(maximum)),
                activity_progress=activity,
                grading_progress=grading,
                timestamp=attempt.created_at,
                lineitem_url=launch.lineitem_url,
                next_attempt_at=timezone.now(),
            )
    except IntegrityError:
        return ScoreOutbox.objects.get(source_key=source_key)  # the same attempt twice
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


def score_send(*, outbox_id: int) -> ScoreOutbox:
    """Send one queued score. Network errors and 5xx leave it pending with a later retry time."""
    outbox = ScoreOutbox.objects.select_related("launch__platform").get(pk=outbox_id)
    if outbox.status != ScoreOutbox.Status.PENDING:
        return outbox
    launch, platform = outbox.launch, outbox.launch.platform
    outbox.attempts += 1
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
    outbox.save()
    if outbox.status == ScoreOutbox.Status.PENDING:
        retry_at = outbox.next_attempt_at
        transaction.on_commit(lambda: _enqueue_send(outbox.pk, run_after=retry_at))
    return outbox


def scores_due_send(*, limit: int = 500) -> list[ScoreOutbox]:
    """Send every pending score whose retry time has come (cron: ``lti_send_scores``)."""
    due = (
        ScoreOutbox.objects.filter(
            status=ScoreOutbox.Status.PENDING, next_attempt_at__lte=timezone.now()
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
        .exclude(status=ScoreOutbox.Status.SENT)
        .update(status=ScoreOutbox.Status.PENDING, next_attempt_at=timezone.now())
    )
    for pk in outbox_ids:
        transaction.on_commit(lambda pk=pk: _enqueue_send(pk))
    return count
