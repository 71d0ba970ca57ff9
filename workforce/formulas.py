"""Indicator formulas: arithmetic over the report counts, evaluated safely (no ``eval``).

`simpleeval <https://github.com/danthedeckie/simpleeval>`_ parses the expression with ``ast`` and
walks it with a whitelist of operators; we allow only numbers, the report's count names, the four
arithmetic operators, parentheses and ``min``/``max``/``round``/``abs``.
"""

from __future__ import annotations

import ast
import operator
from decimal import Decimal

from django.utils.translation import gettext as _
from simpleeval import SimpleEval

COUNT_NAMES: tuple[str, ...] = (
    "establishments",
    "demand_headcount",
    "matches",
    "mous",
    "places_offered",
    "places_filled",
    "teachers_trained",
    "teachers_certified",
    "training_hours",
    "planned",
    "enrolled",
    "graduates",
    "graduates_certified",
    "graduates_employed",
    "resources_published",
    "views",
    "downloads",
    "launches",
    "attempts",
    "unique_users",
)
FUNCTIONS = {"min": min, "max": max, "round": round, "abs": abs}
OPERATORS = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.USub: operator.neg,
    ast.UAdd: operator.pos,
}
MAX_LENGTH = 500
ALLOWED_NODES = (
    ast.Expression,
    ast.BinOp,
    ast.UnaryOp,
    ast.Constant,
    ast.Name,
    ast.Load,
    ast.Call,
    *OPERATORS,
)


class FormulaError(ValueError):
    pass


def _evaluator(names: dict[str, float]) -> SimpleEval:
    evaluator = SimpleEval(operators=OPERATORS, functions=FUNCTIONS, names=names)
    return evaluator


def formula_validate(*, formula: str) -> None:
    """Raise :class:`FormulaError` (a readable, translated message) unless the formula is usable."""
    formula_validate_syntax(formula=formula)
    formula_evaluate(formula=formula, counts=dict.fromkeys(COUNT_NAMES, 1))


def formula_validate_syntax(*, formula: str) -> None:
    formula = (formula or "").strip()
    if not formula:
        raise FormulaError(_("The formula is empty."))
    if len(formula) > MAX_LENGTH:
        raise FormulaError(_("The formula is too long."))
    try:
        tree = ast.parse(formula, mode="eval")
    except SyntaxError as error:
        raise FormulaError(_("The formula is not a valid expression.")) from error
    for node in ast.walk(tree):
        if not isinstance(node, ALLOWED_NODES) or (
            isinstance(node, ast.Constant) and not isinstance(node.value, int | float)
        ):
            raise FormulaError(_("Only numbers, count names, + − × ÷ and brackets are allowed."))
        if isinstance(node, ast.Name) and node.id not in COUNT_NAMES and node.id not in FUNCTIONS:
            raise FormulaError(
                _("Unknown name “%(name)s”. Use one of: %(names)s")
                % {"name": node.id, "names": ", ".join(COUNT_NAMES)}
            )


def formula_evaluate(*, formula: str, counts: dict[str, int | float]) -> Decimal | None:
    """The value of ``formula`` over ``counts``; ``None`` when undefined (division by zero)."""
    formula_validate_syntax(formula=formula)
    names = {name: counts.get(name, 0) for name in COUNT_NAMES}
    try:
        value = _evaluator(names).eval(formula.strip())
    except ZeroDivisionError:
        return None
    except Exception as error:  # simpleeval raises several types; all mean "bad formula"
        raise FormulaError(
            _("The formula cannot be evaluated: %(error)s") % {"error": error}
        ) from error
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise FormulaError(_("The formula must give a number."))
    return Decimal(str(round(value, 2)))
