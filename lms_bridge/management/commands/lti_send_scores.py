from django.core.management.base import BaseCommand

from lms_bridge import services


class Command(BaseCommand):
    help = (
        "Send the grade passback scores whose retry time has come (run from cron every few "
        "minutes when the task backend cannot schedule retries itself)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=500)

    def handle(self, *args, limit, **options):
        sent = services.scores_due_send(limit=limit)
        by_status: dict[str, int] = {}
        for outbox in sent:
            by_status[outbox.status] = by_status.get(outbox.status, 0) + 1
        self.stdout.write(
            f"{len(sent)} due: " + ", ".join(f"{k} {v}" for k, v in sorted(by_status.items()))
        )
