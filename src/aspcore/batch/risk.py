"""Risk scores over a whole frame: one row per risk, one column per factor of the scheme.

:func:`risk_scores` scores every row as :func:`aspcore.risk.score` scores one risk: each
factor read on its scale, sections combined (product, sum, weighted sum or max), the risk score
rounded to the scheme's step and banded, the priority combined from the risk score and other
sections, and the confidence kept apart.  A value that is missing, off its scale or not whole on
a whole-number scale leaves whatever depends on it unscored (null), and ``problems`` names it.

The decisions are the scheme's own, shared with the per-plan scoring: each factor's check
(:attr:`~aspcore.risk.Factor.check_table`), each combination's formula
(:attr:`~aspcore.risk.Combination.formula_of_inputs`) and the banding
(:attr:`~aspcore.risk.RiskScheme.band_table`).

A factor column holds numbers, or text naming a label of the factor's scale (``medium``).  The
arithmetic is float64: exact, and identical to the per-plan scoring, for whole-number factors
and weights (every bundled scheme); with fractional weights or scales a score that falls exactly
on a rounding boundary may round the other way.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from pathlib import Path
from typing import Any

import narwhals as nw

from aspcore.batch.frames import FrameError, Opened, open_frame
from aspcore.batch.steps import Steps
from aspcore.risk import Factor, RiskScheme, load_scheme
from aspcore.risk.numbers import steps_formula
from aspcore.risk.scheme import RISK

__all__ = ["risk_scores"]


def _num(value: float | Fraction) -> nw.Expr:
    return nw.lit(float(value), nw.Float64)


def _text(value: str) -> nw.Expr:
    return nw.lit(value, nw.String)


def risk_scores(frame: Any, *, scheme: RiskScheme | str | Path) -> Any:
    """Every row scored under ``scheme`` (a scheme, a bundled scheme's name or a file).

    Adds ``score``, ``band``, ``label``, ``rag``, ``priority``, ``confidence``,
    ``confidence_label`` and ``problems`` (``factor: missing``, ``factor: out-of-range``,
    ``factor: not-a-number``, joined by ``; ``; null when there are none).  Every factor
    that feeds the risk score or the priority needs a column; confidence columns are optional.
    """
    chosen = scheme if isinstance(scheme, RiskScheme) else load_scheme(scheme)
    opened = open_frame(frame, "risk_scores")
    steps = Steps(opened.schema)
    values, problems = _factors(opened, steps, chosen)
    steps.then()
    sections = {s.name: steps(s.combination.to_narwhals(values)) for s in chosen.sections}
    steps.then()
    exact = steps(chosen.risk.to_narwhals(sections))
    steps.then()
    units = steps(steps_formula(chosen.step).to_narwhals({"x": exact}))
    steps.then()
    risk = steps(units * _num(chosen.step))
    band = steps(chosen.band_table.index({"steps": units}))
    steps.then()
    priority = chosen.priority.to_narwhals({**sections, RISK: risk}) if chosen.priority else risk
    confidence = chosen.confidence.to_narwhals(sections) if chosen.confidence else None
    result = {
        "score": risk,
        "band": chosen.band_table.outcomes(band),
        "label": chosen.band_table.pick(band, [b.label for b in chosen.bands] + [None]),
        "rag": chosen.band_table.pick(band, [b.rag.value for b in chosen.bands] + [None]),
        "priority": priority,
        "confidence": confidence if confidence is not None else nw.lit(None, nw.Float64),
        "confidence_label": _confidence_label(chosen, values),
        "problems": _joined(problems),
    }
    out = steps.apply(opened.frame).with_columns(**result)
    return opened.close(steps.finish(out))


def _factors(
    opened: Opened, steps: Steps, scheme: RiskScheme
) -> tuple[dict[str, nw.Expr], list[nw.Expr]]:
    """Each factor's valid value (or null) and, per factor, the text of its problem (or null)."""
    trusted = {f.name for f in scheme.factors_for("confidence")}
    values: dict[str, nw.Expr] = {}
    problems: list[nw.Expr] = []
    for factor in scheme.factors.values():
        if not opened.has(factor.name):
            if factor.name in trusted:  # confidence is optional, and never a problem
                values[factor.name] = nw.lit(None, nw.Float64)
                continue
            raise FrameError(
                f"risk_scores: the frame has no column '{factor.name}', a factor of "
                f"{scheme.name} (its factors: {', '.join(scheme.factors)})"
            )
        raw, given = _read(opened, steps, factor)
        value, known = steps(raw), steps(given)
        steps.then()
        table = factor.check_table
        row = steps(table.index({"given": known, "value": value}))
        steps.then()
        values[factor.name] = steps(nw.when(row == _num(len(table.rows) - 1)).then(value))
        kinds = [None if r.outcome is None else f"{factor.name}: {r.outcome}" for r in table.rows]
        if factor.name in trusted:  # a confidence factor may be left out
            kinds[0] = None
        problems.append(steps(table.pick(row, kinds)))
        steps.then()
    return values, problems


def _read(opened: Opened, steps: Steps, factor: Factor) -> tuple[nw.Expr, nw.Expr]:
    """A factor's column as numbers (null where a cell is not a number), and whether a
    non-blank value was given."""
    dtype = opened.schema[factor.name]
    if dtype.is_numeric():
        return opened.number(factor.name), ~nw.col(factor.name).is_null()
    text = opened.text(factor.name)
    steps.then()
    key = steps(text.str.strip_chars().str.to_lowercase().str.replace_all(r"\s+", " "))
    steps.then()
    mapping = {label.casefold(): float(value) for value, label in factor.labels}
    for whole in range(int(factor.low), int(factor.high) + 1):
        mapping.setdefault(str(whole), float(whole))
    number = key.replace_strict(mapping, default=None, return_dtype=nw.Float64)
    blank = text.is_null() | (key == _text(""))
    return number, ~blank


def _confidence_label(scheme: RiskScheme, values: Mapping[str, nw.Expr]) -> nw.Expr:
    """The scale label of the confidence, when the scheme scores it by one labelled factor."""
    trusted = scheme.factors_for("confidence")
    if len(trusted) != 1 or trusted[0].name not in values or not trusted[0].labels:
        return nw.lit(None, nw.String)
    value = values[trusted[0].name]
    (low, first), *rest = trusted[0].labels
    chain = nw.when(value == _num(low)).then(_text(first))
    for number, label in rest:
        chain = chain.when(value == _num(number)).then(_text(label))
    return chain


def _joined(problems: list[nw.Expr]) -> nw.Expr:
    """The problems of a row joined by ``; `` (null when there are none)."""
    if not problems:
        return nw.lit(None, nw.String)
    parts = [p.fill_null("") for p in problems]
    joined = nw.concat_str(
        [
            nw.concat_str([part, nw.when(part == _text("")).then(_text("")).otherwise(_text("; "))])
            for part in parts
        ]
    )
    trimmed = joined.str.replace_all("; $", "")
    return nw.when(trimmed == _text("")).then(nw.lit(None, nw.String)).otherwise(trimmed)
