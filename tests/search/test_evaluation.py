"""k-fold tuning of search_eval: folds group the questions of one passage; a configuration is
chosen on the other folds and measured on the held-out one."""

from __future__ import annotations

from search.evaluation import cross_validate, fold_of, fold_table


def test_questions_about_one_passage_share_a_fold():
    first = {"query": "ก", "relevant": ["doc-1", "doc-2"]}
    second = {"query": "ข", "relevant": ["doc-2", "doc-1"]}
    assert fold_of(first, 5) == fold_of(second, 5)
    assert {fold_of({"relevant": [f"doc-{n}"]}, 5) for n in range(50)} == set(range(5))


def _queries_in_folds(folds: int, per_fold: int) -> list[dict]:
    queries, n = [], 0
    counts = dict.fromkeys(range(folds), 0)
    while min(counts.values()) < per_fold:
        item = {"query": str(n), "relevant": [f"doc-{n}"]}
        n += 1
        if counts[fold_of(item, folds)] < per_fold:
            counts[fold_of(item, folds)] += 1
            queries.append(item)
    return queries


def test_the_configuration_best_on_the_other_folds_is_measured_on_the_held_out_fold():
    queries = _queries_in_folds(3, 4)
    held_out_zero = [fold_of(q, 3) == 0 for q in queries]
    outcomes = {
        "default": [(0.5, 0.5, 0.5)] * len(queries),
        # Better everywhere except on fold 0, where it is worse.
        "better": [(0.2, 0.2, 0.2) if zero else (1.0, 1.0, 1.0) for zero in held_out_zero],
    }
    rows = cross_validate(queries=queries, outcomes=outcomes, baseline="default", folds=3)
    assert [row.chosen for row in rows] == ["better", "better", "better"]
    assert rows[0].tuned == (0.2, 0.2) and rows[0].baseline == (0.5, 0.5)
    assert rows[1].tuned == (1.0, 1.0)
    assert fold_table(rows)[-1].startswith("mean ± sd")
