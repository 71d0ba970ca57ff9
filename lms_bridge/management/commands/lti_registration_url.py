from django.core.management.base import BaseCommand

from lms_bridge import registration


class Command(BaseCommand):
    help = "Make a one-time Dynamic Registration URL to paste into Moodle's 'Tool URL' box."

    def add_arguments(self, parser):
        parser.add_argument("--note", default="", help="For whom (shown in the admin)")
        parser.add_argument("--days", type=int, default=7, help="Valid for this many days")

    def handle(self, *args, note, days, **options):
        invite = registration.invite_create(note=note, days=days)
        self.stdout.write(registration.invite_url(invite))
