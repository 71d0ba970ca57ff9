from django.conf import settings
from django.core.management.base import BaseCommand

from lms_bridge import keys


class Command(BaseCommand):
    help = (
        "Make a new signing key for LTI messages. The old key stays in our JWKS for a grace period "
        "so platforms that cached it keep accepting what we signed before."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--grace-days",
            type=int,
            default=settings.LTI_KEY_GRACE_DAYS,
            help="Days the retired key stays published (default: LTI_KEY_GRACE_DAYS)",
        )

    def handle(self, *args, grace_days, **options):
        new, retired = keys.keys_rotate(grace_days=grace_days)
        for key in retired:
            self.stdout.write(
                f"retired {key.kid}, published until {key.publish_until:%Y-%m-%d %H:%M}"
            )
        self.stdout.write(self.style.SUCCESS(f"current key {new.kid}"))
