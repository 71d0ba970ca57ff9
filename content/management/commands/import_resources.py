import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_tasks import task_backends
from django_tasks.backends.immediate import ImmediateBackend

from content import importing
from content.importing import benchmark
from content.importing.records import MAX_ERRORS_SHOWN


class Command(BaseCommand):
    help = (
        "Import resources and profiles from a JSON Lines or CSV file (format: the admin's "
        "import help sheet). A record's `file` is read from the import file's folder only. "
        "The whole file is validated first; any bad record means nothing is imported (exit 1). "
        "`--benchmark N` imports N generated records and rolls them back (`--keep`: commits them), "
        "reporting the time of each step, wall and CPU (with `--keep`, the site-search indexing)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="a .jsonl or .csv file")
        parser.add_argument("--dry-run", action="store_true", help="only validate")
        parser.add_argument("--draft", action="store_true", help="leave pages as drafts")
        parser.add_argument("--format", choices=importing.FORMATS, help="default: by extension")
        parser.add_argument("--user", help="username recorded as the pages' owner")
        parser.add_argument(
            "--benchmark", type=int, metavar="N", help="import N generated records, then roll back"
        )
        parser.add_argument(
            "--keep", action="store_true", help="with --benchmark: keep the imported pages"
        )

    def handle(self, *args, **options):
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"No user {options['user']!r}")
        if options["benchmark"]:
            return self._benchmark(options["benchmark"], keep=options["keep"], user=user)
        if not options["path"]:
            raise CommandError("Give the PATH of a .jsonl or .csv file (or --benchmark N).")
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"File not found / ไม่พบไฟล์: {path}")
        try:
            file_format = options["format"] or importing.detect_format(path)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        started = time.perf_counter()
        report = importing.resources_import_file(
            path=path,
            file_format=file_format,
            publish=not options["draft"],
            dry_run=options["dry_run"],
            user=user,
            progress=self.stdout.write,
        )
        elapsed = time.perf_counter() - started
        if report.errors:
            self._errors_write(report)
            raise SystemExit(1)
        if report.dry_run:
            self.stdout.write(self.style.SUCCESS(f"{report.total} records valid (dry run)."))
            return
        state = "published" if report.published else "drafts"
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.created} created, {report.updated} updated, {report.unchanged} "
                f"unchanged ({state}) in {elapsed:.1f}s."
            )
        )

    def _errors_write(self, report) -> None:
        for error in report.errors[:MAX_ERRORS_SHOWN]:
            self.stderr.write(str(error))
        if len(report.errors) > MAX_ERRORS_SHOWN:
            self.stderr.write(f"… and {len(report.errors) - MAX_ERRORS_SHOWN} more errors")
        self.stderr.write(
            self.style.ERROR(
                f"{len(report.errors)} error(s) in {report.total} records: nothing imported. "
                f"พบข้อผิดพลาด {len(report.errors)} รายการ จึงไม่นำเข้าข้อมูลใดเลย"
            )
        )

    def _benchmark(self, count: int, *, keep: bool, user) -> None:
        try:
            path, banks = benchmark.benchmark_file(count=count)
        except LookupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Benchmark: {count} records into {banks} banks ({path})")
        try:
            result = benchmark.benchmark_run(
                path=path, keep=keep, user=user, progress=self.stdout.write
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        finally:
            path.unlink(missing_ok=True)
        for name, (wall, cpu) in result.steps.timings.items():
            self.stdout.write(f"  {name}: {wall:.2f}s (CPU {cpu:.2f}s)")
        for name, (wall, cpu) in result.after_commit.timings.items():
            self.stdout.write(f"    after commit: {name}: {wall:.2f}s (CPU {cpu:.2f}s)")
        if not keep:
            self.stdout.write(
                "  site-search indexing runs only after a commit: use --keep to time it."
            )
        elif not isinstance(task_backends["default"], ImmediateBackend):
            self.stdout.write("  indexing tasks were queued for the workers, not timed here.")
        report = result.report
        total = result.steps.timings["validate + write"][0] + sum(
            wall for wall, _cpu in result.after_commit.timings.values()
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.created} pages created and processed in {total:.2f}s "
                f"({report.created / max(total, 1e-9):.0f} pages/s); re-import: "
                f"{result.again.unchanged} unchanged. {'Kept.' if keep else 'Rolled back.'}"
            )
        )
