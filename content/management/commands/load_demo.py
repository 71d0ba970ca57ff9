from django.core.management.base import BaseCommand

from content.demo.loader import demo_load


class Command(BaseCommand):
    help = "Create every knowledge-bank page and staff group, and load the demo content and logins."

    def handle(self, *args, **options):
        logins = demo_load(progress=self.stdout.write)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        self.stdout.write("Wagtail admin logins (/admin/):")
        for login in logins:
            self.stdout.write(f"  {login.username} / {login.password}  — {login.description}")
