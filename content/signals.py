"""Thin signal handlers: they hand the work to services after the transaction commits."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import Signal, receiver

from .models import FieldOfStudy


@receiver(post_save, sender=FieldOfStudy)
def field_of_study_saved(sender, instance: FieldOfStudy, created: bool, raw: bool, **kwargs):
    if raw:
        return
    from . import services

    if created:
        transaction.on_commit(services.banks_ensure)
    else:
        transaction.on_commit(lambda: services.bank_page_sync_title(field_of_study=instance))


# Sent after a bulk import commits, with the ids of the pages it created (``page_published`` is
# also sent for each published one). Listeners that can work in bulk should prefer this one.
resources_imported = Signal()
