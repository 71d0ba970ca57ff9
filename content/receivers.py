"""What the content app listens to: a field of study saved → its knowledge bank page in step.

Thin: the work is in services, after the transaction commits.
"""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from . import services
from .models import FieldOfStudy


@receiver(post_save, sender=FieldOfStudy, dispatch_uid="content.field_of_study_saved")
def field_of_study_saved(sender, instance: FieldOfStudy, created: bool, raw: bool, **kwargs):
    if raw:
        return
    if created:
        transaction.on_commit(services.banks_ensure)
    else:
        transaction.on_commit(lambda: services.bank_page_sync_title(field_of_study=instance))
