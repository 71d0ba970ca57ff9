import gc
import itertools
import os
import resource
import statistics
import tempfile
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import translation

from search.evaluation import RANKING_CANDIDATES, percentile, read_jsonl, synthetic_documents

# The shared data next to the repository (../shared/data/thai-search-dev), never copied into it.
DEFAULT_DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "thai-search-dev"


class Command(BaseCommand):
    help = (
        "Benchmark the search engine on synthetic resources built from a corpus, in a throwaway "
        "database: indexing throughput, query latency p50/p95 (with facets and highlighting) and "
        "peak memory."
    )

    def add_arguments(self, parser):
        parser.add_argument("--size", type=int, default=10_000, help="number of resources")
        parser.add_argument("--corpus", default=str(DEFAULT_DATA / "corpus.jsonl"))
        parser.add_argument("--queries", default=str(DEFAULT_DATA / "queries.jsonl"))
        parser.add_argument("--query-count", type=int, default=300)
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument(
            "--ranking",
            default="default",
            help="query with these of search.evaluation.RANKING_CANDIDATES (names, comma-separated;"
            " the queries run once per ranking on the same index)",
        )

    def handle(self, *args, size, corpus, queries, query_count, batch_size, ranking, **options):
        if size < 1 or batch_size < 1:
            raise CommandError("--size and --batch-size must be positive")
        self.rankings = [name.strip() for name in ranking.split(",") if name.strip()]
        unknown = [name for name in self.rankings if name not in RANKING_CANDIDATES]
        if unknown or not self.rankings:
            raise CommandError(f"Unknown ranking {ranking!r}: {', '.join(RANKING_CANDIDATES)}")
        for path in (corpus, queries):
            if not Path(path).is_file():
                raise CommandError(f"No such file: {path}")
        records = list(read_jsonl(corpus))
        query_texts = [q["query"] for q in itertools.islice(read_jsonl(queries), 0, None, 7)]
        query_texts = query_texts[:query_count]
        old_name = connection.settings_dict["NAME"]
        if connection.vendor == "postgresql":
            # Its own name: never the test database a pytest run may be using at the same time.
            connection.settings_dict.setdefault("TEST", {})["NAME"] = (
                f"ic_search_bench_{os.getpid()}"
            )
        if connection.vendor == "sqlite":
            # A file, not memory: 100,000 resources do not belong in RAM.
            directory = tempfile.mkdtemp(prefix="ic-search-benchmark-")
            connection.settings_dict.setdefault("TEST", {})["NAME"] = f"{directory}/bench.sqlite3"
        self.stdout.write("Creating a throwaway database…")
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        try:
            with translation.override("th"):
                self._run(records, query_texts, size, batch_size)
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)

    def _run(self, records, query_texts, size, batch_size):
        from content.models import FieldOfStudy, Industry, Level
        from search.backends import get_backend

        backend = get_backend()
        backend.clear()
        facets = {
            "field": list(FieldOfStudy.objects.values_list("code", flat=True)),
            "industry": list(Industry.objects.values_list("code", flat=True)),
            "level": list(Level.objects.values_list("code", flat=True)),
        }
        documents = synthetic_documents(corpus=records, size=size, facets=facets)
        started = time.perf_counter()
        cpu_started = time.process_time()
        done = 0

        def batches():
            while batch := list(itertools.islice(documents, batch_size)):
                for doc in batch:
                    doc.facets["type"] = [doc.resource_type]
                yield batch

        handle = backend.rebuild_begin()
        for indexed in backend.rebuild_stream(handle, batches()):
            done += indexed
            if done % (batch_size * 20) == 0 or done == size:
                rate = done / (time.perf_counter() - started)
                self.stdout.write(f"  indexed {done}/{size} ({rate:.0f}/s)")
        # As `search_index rebuild` ends (statistics for PostgreSQL's planner, FTS5 merge).
        backend.rebuild_finish(handle, seen_page_ids=set(range(10_000_000, 10_000_000 + size)))
        elapsed = time.perf_counter() - started
        cpu = time.process_time() - cpu_started
        gc.collect()
        from search.planning import ranking_override

        for name in self.rankings:
            self.stdout.write(f"ranking            {name}")
            with ranking_override(**RANKING_CANDIDATES[name]):
                self._query(backend, size, elapsed, cpu, query_texts)

    def _query(self, backend, size, elapsed, cpu, query_texts):
        from search import query as search_query

        search_query.search_run(query=search_query.SearchQuery(text="เริ่ม"))
        latencies = []
        for text in query_texts:
            t0 = time.perf_counter()
            search_query.search_run(query=search_query.SearchQuery(text=text))
            latencies.append((time.perf_counter() - t0) * 1000)
        filtered = []
        for text in query_texts[:100]:
            t0 = time.perf_counter()
            search_query.search_run(
                query=search_query.SearchQuery(
                    text=text, filters={"type": ["ebook", "research"], "language": ["th"]}
                )
            )
            filtered.append((time.perf_counter() - t0) * 1000)
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.stdout.write(f"backend            {backend.status().backend}")
        self.stdout.write(f"resources          {size}")
        self.stdout.write(
            f"indexing           {elapsed:.1f} s = {size / elapsed:.0f} resources/s wall clock; "
            f"{size / cpu:.0f} resources/s per CPU second of this process "
            f"(load average {os.getloadavg()[0]:.1f})"
        )
        self.stdout.write(
            f"query (facets+highlight) p50 {statistics.median(latencies):.1f} ms, "
            f"p95 {percentile(latencies, 0.95):.1f} ms over {len(latencies)} queries"
        )
        self.stdout.write(
            f"query + 2 filters  p50 {statistics.median(filtered):.1f} ms, "
            f"p95 {percentile(filtered, 0.95):.1f} ms (load average after the queries "
            f"{os.getloadavg()[0]:.1f})"
        )
        self.stdout.write(f"peak memory (RSS)  {peak_mb:.0f} MB")
