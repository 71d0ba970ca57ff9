"""What the bridge listens to: simulator attempts (from the ``files`` app) → grade passback."""

from __future__ import annotations

import logging

from django.apps import apps

logger = logging.getLogger("intelligent_center.lti")


def simulator_attempt_recorded(sender, attempt, request=None, **kwargs) -> None:
    from . import services

    services.score_enqueue(attempt=attempt)


def connect() -> bool:
    """Connect to ``files.signals.simulator_attempt_recorded`` when that app exists."""
    if not apps.is_installed("files"):
        return False
    try:
        from files import signals as files_signals
    except ImportError:
        logger.warning("files app installed but files.signals is missing: no grade passback")
        return False
    signal = getattr(files_signals, "simulator_attempt_recorded", None)
    if signal is None:
        return False
    signal.connect(simulator_attempt_recorded, dispatch_uid="lms_bridge.score_passback")
    return True
