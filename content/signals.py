"""Thin signal handlers: they hand the work to services after the transaction commits."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

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
