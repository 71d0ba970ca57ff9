"""Thin receivers of other apps' events (LTI launches, simulator attempts): each hands a usage event
to the service. The sending modules may not be installed, so we connect defensively."""

from __future__ import annotations

import importlib
import logging

from django.apps import apps

logger = logging.getLogger("intelligent_center.workforce")

OPTIONAL_SIGNALS = (
    ("lms_bridge", "lms_bridge.signals", "resource_launched"),
    ("files", "files.signals", "simulator_attempt_recorded"),
)


def resource_launched(sender, page=None, user=None, launch=None, **kwargs) -> None:
    from . import services

    if page is None:
        return
    services.usage_event_enqueue(
        kind="launch", page_id=page.pk, identity=services.identity_for(user=user)
    )


def simulator_attempt_recorded(sender, attempt=None, request=None, **kwargs) -> None:
    from . import services

    page = getattr(attempt, "page", None) or getattr(attempt, "simulator", None)
    page_id = getattr(page, "pk", None) or getattr(attempt, "page_id", None)
    if not page_id:
        return
    user = getattr(attempt, "user", None) or getattr(request, "user", None)
    services.usage_event_enqueue(
        kind="attempt",
        page_id=page_id,
        identity=services.identity_for(user=user, request=request),
    )


RECEIVERS = {
    "resource_launched": resource_launched,
    "simulator_attempt_recorded": simulator_attempt_recorded,
}


def connect_optional_signals() -> list[str]:
    """Connect to the signals whose apps are installed; returns the names connected."""
    connected = []
    for app_label, module_name, signal_name in OPTIONAL_SIGNALS:
        if not apps.is_installed(app_label):
            continue
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            logger.info("workforce: %s has no %s yet; usage not counted", app_label, module_name)
            continue
        signal = getattr(module, signal_name, None)
        if signal is None:
            continue
        signal.connect(RECEIVERS[signal_name], dispatch_uid=f"workforce-{signal_name}")
        connected.append(signal_name)
    return connected


# --- Supply totals follow the college rows --------------------------------------------------------


def _supply_key(instance) -> tuple:
    return (instance.field_id, instance.academic_year, instance.level_id)


def supply_loaded(sender, instance, **kwargs) -> None:
    instance._workforce_loaded_key = _supply_key(instance) if instance.pk else None


def supply_changed(sender, instance, raw=False, **kwargs) -> None:
    if raw:
        return
    from . import services

    keys = {_supply_key(instance), getattr(instance, "_workforce_loaded_key", None)}
    for key in keys - {None}:
        if None not in key:
            services.supply_total_refresh(field_id=key[0], academic_year=key[1], level_id=key[2])
    instance._workforce_loaded_key = _supply_key(instance)


def connect_model_signals() -> None:
    from django.db.models.signals import post_delete, post_init, post_save

    from .models import SupplyRecord

    post_init.connect(supply_loaded, sender=SupplyRecord, dispatch_uid="workforce-supply-init")
    post_save.connect(supply_changed, sender=SupplyRecord, dispatch_uid="workforce-supply-save")
    post_delete.connect(supply_changed, sender=SupplyRecord, dispatch_uid="workforce-supply-del")
