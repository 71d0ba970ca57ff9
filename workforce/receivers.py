"""What workforce listens to: other apps' events become usage events (LTI launches, simulator
attempts), and the supply totals follow the college rows."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_init, post_save
from django.dispatch import receiver

from files.signals import simulator_attempt_recorded
from intelligent_center.signals import cached_page_served
from lms_bridge.signals import resource_launched

from . import services
from .models import SupplyRecord


@receiver(resource_launched, dispatch_uid="workforce.resource_launched")
def launch_counted(sender, page=None, user=None, launch=None, **kwargs) -> None:
    if page is None:
        return
    services.usage_event_enqueue(
        kind="launch", page_id=page.pk, identity=services.identity_for(user=user)
    )


@receiver(cached_page_served, dispatch_uid="workforce.cached_page_served")
def cached_view_counted(sender, page_id=None, request=None, **kwargs) -> None:
    """An anonymous view answered from the page cache counts like any other view."""
    if page_id:
        services.usage_event_enqueue(kind="view", page_id=page_id, identity=None)


@receiver(simulator_attempt_recorded, dispatch_uid="workforce.simulator_attempt_recorded")
def attempt_counted(sender, attempt=None, request=None, **kwargs) -> None:
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


# --- Supply totals follow the college rows --------------------------------------------------------


def _supply_key(instance) -> tuple:
    return (instance.field_id, instance.academic_year, instance.level_id)


@receiver(post_init, sender=SupplyRecord, dispatch_uid="workforce.supply_loaded")
def supply_loaded(sender, instance, **kwargs) -> None:
    instance._workforce_loaded_key = _supply_key(instance) if instance.pk else None


@receiver(post_save, sender=SupplyRecord, dispatch_uid="workforce.supply_saved")
@receiver(post_delete, sender=SupplyRecord, dispatch_uid="workforce.supply_deleted")
def supply_changed(sender, instance, raw=False, **kwargs) -> None:
    if raw:
        return
    keys = {_supply_key(instance), getattr(instance, "_workforce_loaded_key", None)}
    for key in keys - {None}:
        if None not in key:
            services.supply_total_refresh(field_id=key[0], academic_year=key[1], level_id=key[2])
    instance._workforce_loaded_key = _supply_key(instance)
