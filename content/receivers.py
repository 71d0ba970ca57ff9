"""What the content app listens to.

- a field of study saved → its knowledge bank page in step;
- ``migrate`` finished → every field has its bank and staff groups, the default Site answers at
  ``SITE_BASE_URL`` (a fresh database can import at once; absolute URLs point at the real host).

Thin: the work is in services, after the transaction commits.
"""

from django.db import transaction
from django.db.models.signals import post_migrate, post_save
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


@receiver(post_migrate, dispatch_uid="content.after_migrate")
def banks_and_site_after_migrate(sender, app_config, using="default", **kwargs):
    # Sent once per app after all migrations ran: act on content's turn only.
    if app_config.label != "content" or using != "default":
        return
    services.banks_ensure()
    services.site_align_with_base_url()
