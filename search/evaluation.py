"""Offline evaluation of the query service (Recall@k, MRR@k, nDCG@k, latency) and the synthetic
benchmark corpus. Used by ``manage.py search_eval`` and ``manage.py search_benchmark``."""

from __future__ import annotations

import json
import math
import statistics
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass
class EvalReport:
    queries: int
    recall: float
    mrr: float
    ndcg: float
    p50_ms: float
    p95_ms: float
    k: int = 10

    def lines(self) -> list[str]:
        return [
            f"queries      {self.queries}",
            f"Recall@{self.k}    {self.recall:.4f}",
            f"MRR@{self.k}       {self.mrr:.4f}",
            f"nDCG@{self.k}      {self.ndcg:.4f}",
            f"latency p50  {self.p50_ms:.1f} ms",
            f"latency p95  {self.p95_ms:.1f} ms",
        ]


def read_jsonl(path: str | Path) -> Iterator[dict]:
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            line = line.strip()
            if not line:
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{number}: not JSON ({exc.msg})") from exc


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))
    return ordered[index]


def evaluate(
    *,
    queries: list[dict],
    run: Callable[[str], list[str]],
    k: int = 10,
    progress: Callable[[int, int], None] | None = None,
) -> EvalReport:
    """``run(text)`` returns the external ids of the top-``k`` results, best first."""
    recalls, reciprocal, ndcgs, latencies = [], [], [], []
    for number, item in enumerate(queries, 1):
        relevant = set(item["relevant"])
        started = time.perf_counter()
        ranked = run(item["query"])[:k]
        latencies.append((time.perf_counter() - started) * 1000)
        found = [i for i, ext in enumerate(ranked) if ext in relevant]
        recalls.append(len({ranked[i] for i in found}) / len(relevant) if relevant else 0.0)
        reciprocal.append(1 / (found[0] + 1) if found else 0.0)
        dcg = sum(1 / math.log2(i + 2) for i in found)
        ideal = sum(1 / math.log2(i + 2) for i in range(min(len(relevant), k)))
        ndcgs.append(dcg / ideal if ideal else 0.0)
        if progress and number % 200 == 0:
            progress(number, len(queries))
    return EvalReport(
        queries=len(queries),
        recall=statistics.fmean(recalls) if recalls else 0.0,
        mrr=statistics.fmean(reciprocal) if reciprocal else 0.0,
        ndcg=statistics.fmean(ndcgs) if ndcgs else 0.0,
        p50_ms=percentile(latencies, 0.5),
        p95_ms=percentile(latencies, 0.95),
        k=k,
    )


def synthetic_documents(
    *, corpus: list[dict], size: int, facets: dict[str, list[str]], seed: int = 7
):
    """``size`` synthetic resources built from a corpus: each takes the title and text of one
    record, a paragraph of another, and random facet values (field, type, industry, level,
    language, year). Yields :class:`search.index.IndexDocument`."""
    import datetime as dt
    import random

    from .index import IndexDocument

    rng = random.Random(seed)
    types = ["research", "ebook", "elearning", "econtent", "simulator", "expert", "employer"]
    base = dt.datetime(2015, 1, 1, tzinfo=dt.UTC)
    for n in range(size):
        record = corpus[n % len(corpus)]
        other = corpus[rng.randrange(len(corpus))]
        paragraphs = [p for p in (other.get("body") or "").split("\n\n") if p.strip()]
        extra = rng.choice(paragraphs) if paragraphs else ""
        year = rng.randint(2015, 2025)
        yield IndexDocument(
            page_id=10_000_000 + n,
            external_id=f"bench-{n}",
            resource_type=rng.choice(types),
            title=record["title"] if n < len(corpus) else f"{record['title']} ({n // len(corpus)})",
            summary=record.get("summary", ""),
            body=(record.get("body") or "") + "\n\n" + extra,
            url=f"/bench/{n}/",
            year=year,
            published_at=base + dt.timedelta(days=rng.randrange(3650), seconds=n),
            audience=["public"] if rng.random() > 0.05 else ["login"],
            facets={
                "field": rng.sample(facets["field"], k=1 + (rng.random() > 0.8)),
                "type": [],
                "industry": rng.sample(facets["industry"], k=1),
                "level": rng.sample(facets["level"], k=1),
                "language": ["th"] if rng.random() > 0.2 else ["th", "en"],
                "year": [str(year)],
            },
        )
