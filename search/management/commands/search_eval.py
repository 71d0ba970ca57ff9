import json
import os
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import translation

from search.evaluation import (
    RANKING_CANDIDATES,
    cross_validate,
    evaluate,
    fold_table,
    read_jsonl,
)


class Command(BaseCommand):
    help = (
        "Evaluate the search on a labelled corpus: import the corpus with the content import "
        "service into a throwaway database, index it, run every query through the query service "
        "and print Recall@10, MRR@10, nDCG@10 and latency p50/p95."
    )

    def add_arguments(self, parser):
        parser.add_argument("--corpus", required=True, help="records in the import format (JSONL)")
        parser.add_argument("--queries", required=True, help='JSONL: {"query", "relevant": [...]}')
        parser.add_argument("--field", default="", help="field code for records without one")
        parser.add_argument("--limit", type=int, default=0, help="evaluate only the first N")
        parser.add_argument("--k", type=int, default=10)
        parser.add_argument(
            "--folds",
            type=int,
            default=0,
            help="also tune the query-time ranking choices by k-fold cross-validation: for each "
            "fold, the best of search.evaluation.RANKING_CANDIDATES on the other folds is "
            "measured on it (every fold and mean ± sd are printed)",
        )

        parser.add_argument(
            "--candidates",
            default="",
            help="with --folds: only these candidates (names, comma-separated; default all)",
        )

    def handle(self, *args, corpus, queries, field, limit, k, folds, candidates, **options):
        corpus_path, queries_path = Path(corpus), Path(queries)
        for path in (corpus_path, queries_path):
            if not path.is_file():
                raise CommandError(f"No such file: {path}")
        try:
            query_items = list(read_jsonl(queries_path))
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        bad = [
            q for q in query_items if not isinstance(q.get("query"), str) or not q.get("relevant")
        ]
        if bad:
            raise CommandError(f"{len(bad)} query lines lack 'query' or 'relevant'")
        if limit:
            query_items = query_items[:limit]
        if folds == 1 or folds < 0:
            raise CommandError("--folds must be 0 (off) or at least 2")
        wanted = [name.strip() for name in candidates.split(",") if name.strip()]
        unknown = [name for name in wanted if name not in RANKING_CANDIDATES]
        if unknown:
            raise CommandError(f"Unknown candidates: {', '.join(unknown)}")
        self.candidates = {
            name: RANKING_CANDIDATES[name] for name in (wanted or RANKING_CANDIDATES)
        }
        old_name = connection.settings_dict["NAME"]
        if connection.vendor == "postgresql":
            # Its own name: never the test database a pytest run may be using at the same time.
            connection.settings_dict.setdefault("TEST", {})["NAME"] = (
                f"ic_search_eval_{os.getpid()}"
            )
        self.stdout.write("Creating a throwaway database…")
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        try:
            with translation.override("th"):
                self._run(corpus_path, query_items, field, k, folds)
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)

    def _run(
        self, corpus_path: Path, query_items: list[dict], field_code: str, k: int, folds: int
    ) -> None:
        from content import importing, services
        from content.models import FieldOfStudy
        from search import query as search_query
        from search.services import search_index_update

        services.banks_ensure()
        fields = FieldOfStudy.objects.order_by("fiscal_year", "list_number")
        if field_code and not fields.filter(code=field_code).exists():
            raise CommandError(f"Unknown field code {field_code!r}")
        field_code = field_code or fields.values_list("code", flat=True).first()

        def lines():
            with corpus_path.open(encoding="utf-8-sig") as handle:
                for line in handle:
                    if line.strip():
                        record = json.loads(line)
                        if not record.get("field"):
                            record["field"] = field_code
                        yield json.dumps(record, ensure_ascii=False) + "\n"

        started = time.perf_counter()
        report = importing.resources_import_stream(
            stream=lines(), file_format="jsonl", base_dir=corpus_path.parent, publish=True
        )
        if report.errors:
            for error in report.errors[:10]:
                self.stderr.write(str(error))
            raise CommandError(f"The corpus has {len(report.errors)} invalid records")
        imported = time.perf_counter() - started
        started = time.perf_counter()
        run = search_index_update()
        indexed = time.perf_counter() - started
        self.stdout.write(
            f"imported {report.created} records in {imported:.1f} s; "
            f"indexing after import {indexed:.1f} s ({run.indexed} left for `update`)"
        )

        def run_query(text: str) -> list[str]:
            results = search_query.search_run(
                query=search_query.SearchQuery(text=text, page_size=k)
            )
            return [hit.external_id for hit in results.hits]

        run_query("warm-up")
        report = evaluate(
            queries=query_items,
            run=run_query,
            k=k,
            progress=lambda n, total: self.stdout.write(f"  {n}/{total} queries"),
        )
        self.stdout.write(f"backend      {search_query.get_backend().status().backend}")
        for line in report.lines():
            self.stdout.write(line)
        if folds:
            self._tune(query_items, k, folds, report.per_query)

    def _tune(self, query_items: list[dict], k: int, folds: int, default: list) -> None:
        from search import query as search_query
        from search.planning import ranking_override

        def ranked_ids(text: str) -> list[str]:
            # Only the ranking matters here: no facets, no snippets.
            results = search_query.search_run(
                query=search_query.SearchQuery(text=text, page_size=k, facets=(), highlight=False)
            )
            return [hit.external_id for hit in results.hits]

        outcomes = {"default": default}
        for name, changes in self.candidates.items():
            if name == "default":
                continue
            with ranking_override(**changes):
                report = evaluate(queries=query_items, run=ranked_ids, k=k)
            outcomes[name] = report.per_query
            self.stdout.write(
                f"candidate {name!r}: Recall@{k} {report.recall:.4f}, MRR@{k} {report.mrr:.4f}"
            )
        rows = cross_validate(
            queries=query_items, outcomes=outcomes, baseline="default", folds=folds
        )
        self.stdout.write(f"{folds}-fold cross-validation (held-out figures):")
        for line in fold_table(rows, k=k):
            self.stdout.write(line)
