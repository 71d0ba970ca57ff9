"""Give resource slugs back their Thai vowels and tone marks (old links redirect)."""

from django.core.management.base import BaseCommand

from content.services import page_slugs_restore


class Command(BaseCommand):
    help = "Restore the Thai vowels and tone marks that older slugs lost; old URLs redirect."

    def handle(self, *args, **options):
        restored = page_slugs_restore(progress=self.stdout.write)
        self.stdout.write(self.style.SUCCESS(f"{restored} slug(s) restored"))
