from django.core.management.base import BaseCommand

from content.services import banks_ensure


class Command(BaseCommand):
    help = "Create the missing knowledge-bank pages and CVM staff groups (idempotent)."

    def handle(self, *args, **options):
        created = banks_ensure(progress=self.stdout.write)
        self.stdout.write(self.style.SUCCESS(f"{created} knowledge banks created."))
