"""The task worker of the configured queue: ``db_worker`` (database) or ``rqworker`` (Redis)."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from intelligent_center.settings.tasks import DATABASE_BACKEND, QUEUE_NAME, RQ_BACKEND


class Command(BaseCommand):
    help = "Run the background task worker of the configured queue (TASKS_BACKEND)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch", action="store_true", help="Run what is due, then exit (database queue)."
        )

    def handle(self, *args, batch: bool = False, **options):
        backend = settings.TASKS["default"]["BACKEND"]
        if backend == DATABASE_BACKEND:
            call_command("db_worker", queue_name=QUEUE_NAME, interval=1, batch=batch, reload=False)
        elif backend == RQ_BACKEND:
            call_command("rqworker", QUEUE_NAME, with_scheduler=True, burst=batch)
        else:
            raise CommandError(
                f"{backend} runs tasks inside the web process: no worker to start. "
                "Set TASKS_BACKEND=database or rq (see .env.example)."
            )
