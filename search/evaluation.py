"""Offline evaluation of the query service (Recall@k, MRR@k, nDCG@k, latency) and the synthetic
benchmark corpus. Used by ``manage.py search_eval`` and ``manage.py search_benchmark``."""

from __future__ import annotations

import hashlib
import json
import math
import statistics
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
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
    # Per query, in order: (recall, reciprocal rank, nDCG), for folds.
    per_query: list[tuple[float, float, float]] = field(default_factory=list, repr=False)

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
        per_query=list(zip(recalls, reciprocal, ndcgs, strict=True)),
    )


# ==========================================================================================
# k-fold tuning
# ==========================================================================================
# Query-time ranking choices tried by ``search_eval --folds`` (``search.planning.Ranking`` fields);
# "default" is what the site runs ("before tuning": both choices off, as before 6 Dec 2026).
RANKING_CANDIDATES: dict[str, dict] = {
    "default": {},
    "before tuning": {"drop_question_words": False, "adjacent_pairs": False},
    "question words kept": {"drop_question_words": False},
    "no adjacent pairs": {"adjacent_pairs": False},
    "adjacent pairs ×0.5": {"pair_weight": 0.5},
}


def fold_of(item: dict, folds: int) -> int:
    """A query's fold: a stable hash of its relevant documents, so every question about one
    passage lands in the same fold (tuning never sees a held-out passage's other questions)."""
    key = "\x1f".join(sorted(item["relevant"])).encode()
    return int.from_bytes(hashlib.sha256(key).digest()[:4], "big") % folds


@dataclass
class FoldRow:
    fold: int
    queries: int
    chosen: str
    baseline: tuple[float, float]  # (Recall@k, MRR@k) of the baseline on the held-out fold
    tuned: tuple[float, float]  # of the configuration chosen on the other folds


def _mean(outcomes: list[tuple[float, float, float]], indices: list[int], metric: int) -> float:
    return statistics.fmean(outcomes[i][metric] for i in indices) if indices else 0.0


def cross_validate(
    *, queries: list[dict], outcomes: dict[str, list[tuple]], baseline: str, folds: int
) -> list[FoldRow]:
    """For each fold: choose the configuration with the best Recall@k + MRR@k on the other folds
    (ties: the baseline, then the earlier one), report it and the baseline on the held-out
    fold. ``outcomes`` maps a configuration's name to its per-query outcomes."""
    assignment = [fold_of(item, folds) for item in queries]
    rows = []
    for fold in range(folds):
        held = [i for i, f in enumerate(assignment) if f == fold]
        train = [i for i, f in enumerate(assignment) if f != fold]

        def objective(name: str, indices: list[int]) -> float:
            return _mean(outcomes[name], indices, 0) + _mean(outcomes[name], indices, 1)

        best = baseline
        for name in outcomes:
            if objective(name, train) > objective(best, train) + 1e-12:
                best = name
        rows.append(
            FoldRow(
                fold=fold + 1,
                queries=len(held),
                chosen=best,
                baseline=(_mean(outcomes[baseline], held, 0), _mean(outcomes[baseline], held, 1)),
                tuned=(_mean(outcomes[best], held, 0), _mean(outcomes[best], held, 1)),
            )
        )
    return rows


def fold_table(rows: list[FoldRow], *, k: int = 10) -> list[str]:
    """The fold table: each held-out fold, then mean ± sd (sample standard deviation)."""
    lines = [
        f"fold  queries  baseline R@{k} MRR@{k}   tuned R@{k} MRR@{k}   chosen on the other folds"
    ]
    for row in rows:
        lines.append(
            f"{row.fold:>4}  {row.queries:>7}  {row.baseline[0]:.4f}  {row.baseline[1]:.4f}"
            f"         {row.tuned[0]:.4f}  {row.tuned[1]:.4f}      {row.chosen}"
        )

    def summary(values: list[float]) -> str:
        sd = statistics.stdev(values) if len(values) > 1 else 0.0
        return f"{statistics.fmean(values):.4f} ± {sd:.4f}"

    lines.append(
        f"mean ± sd      baseline R {summary([r.baseline[0] for r in rows])}, "
        f"MRR {summary([r.baseline[1] for r in rows])}; "
        f"tuned R {summary([r.tuned[0] for r in rows])}, MRR {summary([r.tuned[1] for r in rows])}"
    )
    return lines


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
