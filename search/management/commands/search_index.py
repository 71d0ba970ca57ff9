import time

from django.core.management.base import BaseCommand, CommandError

from search import services
from search.backends import get_backend


class Command(BaseCommand):
    help = (
        "Search index: `rebuild` (everything, without the search going down), `update` (index "
        "what is missing, drop what is gone), `status`."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild", "update", "status"])
        parser.add_argument("--batch-size", type=int, default=200)

    def _progress(self, done: int, total: int) -> None:
        width = 30
        filled = int(width * done / total) if total else width
        self.stdout.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}", ending="")
        self.stdout.flush()

    def handle(self, *args, action: str, batch_size: int, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")
        if action == "status":
            status = get_backend().status()
            pages = services.search_index_count_pages()
            self.stdout.write(f"backend      {status.backend}")
            self.stdout.write(f"documents    {status.documents}")
            self.stdout.write(f"live pages   {pages}")
            for key, value in status.detail.items():
                self.stdout.write(f"{key:<12} {value}")
            return
        started = time.perf_counter(), time.process_time()
        run = (
            services.search_index_rebuild if action == "rebuild" else services.search_index_update
        )(batch_size=batch_size, progress=self._progress)
        wall, cpu = time.perf_counter() - started[0], time.process_time() - started[1]
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(
                f"{action}: {run.indexed} indexed, {run.removed} removed in {wall:.1f}s "
                f"(CPU {cpu:.1f}s, {run.indexed / max(wall, 1e-9):.0f} pages/s)"
            )
        )
