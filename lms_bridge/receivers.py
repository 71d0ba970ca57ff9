"""What the bridge listens to: a recorded simulator attempt → its score goes to the gradebook."""

from __future__ import annotations

from django.dispatch import receiver

from files.signals import simulator_attempt_recorded

from . import services


@receiver(simulator_attempt_recorded, dispatch_uid="lms_bridge.score_passback")
def score_passback_on_attempt(sender, attempt, request=None, **kwargs) -> None:
    services.score_enqueue(attempt=attempt)
