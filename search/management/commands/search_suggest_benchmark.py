"""``manage.py search_suggest_benchmark --size 100000``: what ``search_benchmark`` measures, then
the latency of search-box suggestions (glossary terms + titles, as /api/v1/search/autocomplete/
answers them) for prefixes of the benchmark's queries, typed 2, 4 and 6 characters at a time,
with the suggestion cache cold."""

import statistics
import time

from django.core.cache import cache

from search.evaluation import percentile

from .search_benchmark import Command as SearchBenchmark

PREFIX_LENGTHS = (2, 4, 6)


class Command(SearchBenchmark):
    help = SearchBenchmark.help + " Then the latency of search-box suggestions."

    def _run(self, records, query_texts, size, batch_size):
        super()._run(records, query_texts, size, batch_size)
        from search.suggest import suggestions_for

        prefixes = [
            text.strip()[:n] for text in query_texts for n in PREFIX_LENGTHS if len(text) > n
        ]
        latencies = []
        found = 0
        for prefix in prefixes:
            cache.clear()
            t0 = time.perf_counter()
            found += bool(suggestions_for(text=prefix))
            latencies.append((time.perf_counter() - t0) * 1000)
        self.stdout.write(
            f"suggestions (cold) p50 {statistics.median(latencies):.1f} ms, "
            f"p95 {percentile(latencies, 0.95):.1f} ms over {len(latencies)} prefixes "
            f"({found} with suggestions)"
        )
