"""Generate a realistic volume of workforce data and time the dashboards and the OVEC report.

Volume: every field × 80 colleges × 10 academic years × 2 levels of supply, 5,000 employers with
demand rows, 20,000 partnerships, 1,000,000 usage events (aggregated into daily rows, as the live
system stores them).

Employers are made as ``workforce.Establishment`` rows with ``EmployerDemand`` rows (the "demand
without a public profile" path) rather than as Wagtail ``EmployerProfilePage`` pages: a page is a
tree node with revisions (seconds each, hours for 5,000), while the dashboards, matching and
reports read both sources through the same aggregate queries, so the volume exercised is the same.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test import Client
from django.utils import translation

from content.models import FieldOfStudy, Industry, Institution, Level

from ... import geo, selectors, services
from ...models import (
    EmployerDemand,
    Establishment,
    Partnership,
    SupplyRecord,
    TeacherDevelopment,
    UsageDaily,
)

BATCH = 5000
PREFIX = "BENCH-"


class Command(BaseCommand):
    help = (
        "Generate the benchmark volume (--generate) and measure the dashboards' p95 and the OVEC "
        "report build time (--benchmark). --clear removes the generated rows."
    )

    def add_arguments(self, parser):
        parser.add_argument("--generate", action="store_true")
        parser.add_argument("--benchmark", action="store_true")
        parser.add_argument("--clear", action="store_true")
        parser.add_argument("--runs", type=int, default=30)
        parser.add_argument("--events", type=int, default=1_000_000)
        parser.add_argument("--seed", type=int, default=7)

    def handle(self, *args, **options):
        if not (options["generate"] or options["benchmark"] or options["clear"]):
            raise CommandError("Choose --generate, --benchmark and/or --clear.")
        random.seed(options["seed"])
        if options["clear"]:
            self.clear()
        if options["generate"]:
            self.generate(events=options["events"])
        if options["benchmark"]:
            self.benchmark(runs=options["runs"])

    # --- data -------------------------------------------------------------------------------

    def clear(self):
        with transaction.atomic():
            Partnership.objects.filter(reference__startswith=PREFIX).delete()
            TeacherDevelopment.objects.filter(reference__startswith=PREFIX).delete()
            EmployerDemand.objects.filter(establishment__name_th__startswith=PREFIX).delete()
            Establishment.objects.filter(name_th__startswith=PREFIX).delete()
            SupplyRecord.objects.filter(institution__key__startswith="bench-").delete()
            services.supply_totals_rebuild()
            UsageDaily.objects.filter(page_id__gte=10_000_000).delete()
        self.stdout.write("Cleared the benchmark rows.")

    def _colleges(self) -> list[Institution]:
        colleges = list(Institution.objects.order_by("pk")[:80])
        provinces = [th for th, _en, _region in geo.PROVINCES]
        missing = 80 - len(colleges)
        if missing > 0:
            Institution.objects.bulk_create(
                [
                    Institution(
                        key=f"bench-{n}",
                        name_th=f"วิทยาลัยทดสอบ {n}",
                        province_th=random.choice(provinces),
                    )
                    for n in range(missing)
                ]
            )
            colleges = list(Institution.objects.order_by("pk")[:80])
        return colleges

    def generate(self, *, events: int):
        started = time.perf_counter()
        fields = list(FieldOfStudy.objects.order_by("pk"))
        levels = list(Level.objects.order_by("sort_order")[:2])
        industries = list(Industry.objects.all())
        colleges = self._colleges()
        provinces = [th for th, _en, _region in geo.PROVINCES]
        years = list(range(2558, 2568))

        rows = []
        for field_of_study in fields:
            for college in colleges:
                for year in years:
                    for level in levels:
                        enrolled = random.randint(10, 60)
                        graduates = random.randint(5, enrolled)
                        rows.append(
                            SupplyRecord(
                                field=field_of_study,
                                institution=college,
                                academic_year=year,
                                level=level,
                                planned=enrolled + random.randint(0, 10),
                                enrolled=enrolled,
                                graduates=graduates,
                                certified_tpqi=random.randint(0, graduates // 2),
                                certified_dsd=random.randint(0, graduates // 4),
                                certified_international=random.randint(0, graduates // 10),
                                employed_or_studying=random.randint(0, graduates),
                            )
                        )
        SupplyRecord.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
        totals = services.supply_totals_rebuild()  # bulk_create sends no signals
        self.stdout.write(f"  supply: {len(rows):,} rows ({totals:,} totals)")

        establishments = [
            Establishment(
                name_th=f"{PREFIX}บริษัท {n:05d} จำกัด",
                province_th=random.choice(provinces),
                industry=random.choice(industries),
                field=random.choice(fields),
            )
            for n in range(5000)
        ]
        Establishment.objects.bulk_create(establishments, batch_size=BATCH)
        establishments = list(Establishment.objects.filter(name_th__startswith=PREFIX))
        demand = []
        for establishment in establishments:
            for year in random.sample(years, 3):
                demand.append(
                    EmployerDemand(
                        field=establishment.field,
                        establishment=establishment,
                        year=year,
                        position="ช่างเทคนิค",
                        headcount=random.randint(1, 40),
                        level=random.choice(levels),
                        competencies="ติดตั้งระบบ PLC\nบำรุงรักษาเครื่องจักร",
                    )
                )
        EmployerDemand.objects.bulk_create(demand, batch_size=BATCH)
        self.stdout.write(f"  employers: {len(establishments):,}, demand rows: {len(demand):,}")

        partnerships = []
        for n in range(20_000):
            establishment = random.choice(establishments)
            offered = random.randint(1, 20)
            year = random.choice(years)
            partnerships.append(
                Partnership(
                    reference=f"{PREFIX}{n}",
                    field=establishment.field,
                    establishment=establishment,
                    institution=random.choice(colleges),
                    mode=random.choice(["formal", "non_formal", "dual"]),
                    purpose=random.choice(["student_placement", "internship", "dual_training"]),
                    year=year,
                    places_offered=offered,
                    places_filled=random.randint(0, offered),
                    signed_on=dt.date(year - 543, random.randint(1, 12), 1)
                    if random.random() < 0.5
                    else None,
                    status="active",
                )
            )
        Partnership.objects.bulk_create(partnerships, batch_size=BATCH)
        self.stdout.write(f"  partnerships: {len(partnerships):,}")

        # 1M events over 3 years, 20 resources per field; aggregated to daily rows on the way in.
        field_ids = [f.pk for f in fields]
        first_day = dt.date(2023, 1, 1)
        kinds = ["view"] * 70 + ["download"] * 20 + ["launch"] * 7 + ["attempt"] * 3

        def stream():
            for _n in range(events):
                field_index = random.randrange(len(field_ids))
                yield (
                    first_day + dt.timedelta(days=random.randrange(3 * 365)),
                    random.choice(kinds),
                    10_000_000 + field_index * 100 + random.randrange(20),
                    field_ids[field_index],
                    f"user:{random.randrange(50_000)}",
                )

        written = services.usage_events_bulk_record(events=stream(), batch_size=BATCH)
        self.stdout.write(f"  usage: {events:,} events → {written:,} daily rows")
        self.stdout.write(f"Generated in {time.perf_counter() - started:.1f} s")

    # --- measurements ------------------------------------------------------------------------

    def _time(self, client: Client, url: str, runs: int) -> list[float]:
        timings = []
        for _n in range(runs + 2):
            started = time.perf_counter()
            response = client.get(url, HTTP_HOST="localhost")
            elapsed = (time.perf_counter() - started) * 1000
            if response.status_code != 200:
                raise CommandError(f"{url} answered {response.status_code}")
            timings.append(elapsed)
        return timings[2:]  # the first two warm caches (templates, translations)

    def _report(self, label: str, timings: list[float]):
        timings = sorted(timings)
        p95 = timings[max(0, int(round(0.95 * len(timings))) - 1)]
        self.stdout.write(
            f"  {label}: median {statistics.median(timings):.0f} ms, p95 {p95:.0f} ms, "
            f"max {timings[-1]:.0f} ms ({len(timings)} runs)"
        )
        return p95

    def _report_build(self) -> dict:
        """Build the all-fields OVEC report (counts, XLSX, PDF) as the view does; time each step."""
        from ... import reports

        clock = {}

        def step(name, make):
            wall, cpu = time.perf_counter(), time.process_time()
            result = make()
            clock[name] = (time.perf_counter() - wall, time.process_time() - cpu)
            return result

        with translation.override("th"):
            found = step("counts", lambda: selectors.national_report(fiscal_year=2567))
            xlsx = step("xlsx", lambda: reports.reports_xlsx(found))
            pdf = step("pdf", lambda: reports.reports_pdf(found, summary=True))
        return {
            **clock,
            "fields": len(found),
            "wall": sum(wall for wall, _cpu in clock.values()),
            "cpu": sum(cpu for _wall, cpu in clock.values()),
            "xlsx_bytes": len(xlsx),
            "pdf_bytes": len(pdf),
        }

    def benchmark(self, *, runs: int):
        from django.db import connection

        self.stdout.write(
            f"Database: {connection.vendor}; supply {SupplyRecord.objects.count():,}, "
            f"demand {EmployerDemand.objects.count():,}, partnerships "
            f"{Partnership.objects.count():,}, daily usage rows {UsageDaily.objects.count():,}"
        )
        client = Client()
        field_p95 = self._report(
            "field dashboard /workforce/f64-11/", self._time(client, "/workforce/f64-11/", runs)
        )
        national_p95 = self._report(
            "national dashboard /workforce/", self._time(client, "/workforce/", runs)
        )
        # The report is built twice: the first build pays for importing WeasyPrint and loading the
        # fonts (a worker's first report), the second is a warm process. Wall time depends on what
        # else the machine runs; CPU time (time.process_time, this process only: the database
        # server's work is not in it) much less, so both are printed.
        builds = [self._report_build(), self._report_build()]
        for label, build in zip(("first build", "second build"), builds, strict=True):
            self.stdout.write(
                f"  OVEC report 2567, all {build['fields']} fields, {label}: "
                f"wall {build['wall']:.2f} s, CPU {build['cpu']:.2f} s "
                f"(counts {build['counts'][0]:.2f}/{build['counts'][1]:.2f} s, "
                f"XLSX {build['xlsx'][0]:.2f}/{build['xlsx'][1]:.2f} s "
                f"{build['xlsx_bytes']:,} bytes, "
                f"PDF {build['pdf'][0]:.2f}/{build['pdf'][1]:.2f} s {build['pdf_bytes']:,} bytes; "
                "wall/CPU)"
            )
        report_wall = max(build["wall"] for build in builds)
        load = os.getloadavg()[0]
        self.stdout.write(
            f"  load average while measuring: {load:.1f} (this machine: {os.cpu_count()} cores)"
        )
        ok = field_p95 <= 300 and national_p95 <= 300 and report_wall <= 10
        self.stdout.write(
            self.style.SUCCESS("Targets met.") if ok else self.style.ERROR("Targets missed.")
        )
