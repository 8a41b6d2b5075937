"""What computing indicators gives: one row per indicator, period and breakdown, and findings.

Rows come in plan order, then period order, then breakdown order with totals (``all``) first.
:meth:`IndicatorResult.to_observations` turns the headline rows (every breakdown value ``all``)
into :class:`~aspcore.model.Observation` values, so computed indicators feed the RAG and trend
rules exactly as observations written in a plan do; :meth:`IndicatorResult.apply_to` gives the
plan with them (and with the findings about the data, so ``check`` and reports show them)::

    plan = result.apply_to(plan)

The values of an unpublished result are rated as computed; those that publishing would hide are
marked ``withheld``, and a published report hides them, as it hides small typed counts.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Literal

import attrs
import narwhals as nw

from aspcore.indicators.definition import TOTAL, ComputeSpec
from aspcore.indicators.families import period_of_label
from aspcore.indicators.publication import publish, withheld
from aspcore.model import Finding, Observation, Plan
from aspcore.model.findings import jsonable

__all__ = ["IndicatorResult", "IndicatorRow", "period_of_label"]

_OUTPUT = ("value", "numerator", "denominator", "suppressed", "reason")


@attrs.frozen
class IndicatorRow:
    """One computed value: an indicator in a period, for one breakdown (or the total).

    ``by`` holds ``(column, value)`` pairs; ``value`` is ``None`` when it cannot be computed or
    is suppressed, and ``reason`` says why (a zero denominator, no rows, a small count).
    ``numerator_records`` and ``denominator_records`` count the records each side was computed
    from, which disclosure control tests for measures that are not counts; they are not part of
    the output (:meth:`to_dict`).
    """

    indicator: str
    period: str
    by: tuple[tuple[str, str], ...] = ()
    value: float | None = None
    numerator: float | None = None
    denominator: float | None = None
    suppressed: bool = False
    reason: str | None = None
    numerator_records: int | None = None
    denominator_records: int | None = None

    @property
    def is_total(self) -> bool:
        """Whether this is the indicator's headline row (no breakdown, or every value ``all``)."""
        return all(value == TOTAL for _column, value in self.by)

    def to_dict(self) -> dict[str, Any]:
        """``indicator``, ``period``, each breakdown column, then the values and flags."""
        return {
            "indicator": self.indicator,
            "period": self.period,
            **dict(self.by),
            **{name: getattr(self, name) for name in _OUTPUT},
        }


@attrs.frozen
class IndicatorResult:
    """Computed indicators and the findings about the data they were computed from.

    ``published`` says whether disclosure control was applied (counts from 1 to
    ``min_count - 1`` suppressed, with secondary suppression); :meth:`publish` applies it to an
    unpublished result, from ``specs``, the definitions the rows were computed from.
    """

    rows: tuple[IndicatorRow, ...]
    findings: tuple[Finding, ...]
    as_of: dt.date
    published: bool = False
    min_count: int = 5
    specs: tuple[ComputeSpec, ...] = attrs.field(default=(), eq=False, repr=False)

    def publish(self) -> IndicatorResult:
        """This result as it may be published (see :mod:`~aspcore.indicators.publication`)."""
        return publish(self)

    @property
    def by_columns(self) -> tuple[str, ...]:
        """Every breakdown column of any row, in order of first appearance."""
        return tuple(dict.fromkeys(column for row in self.rows for column, _v in row.by))

    def to_dicts(self) -> list[dict[str, Any]]:
        """Rows as flat dicts with the same keys (a breakdown a row lacks is ``None``)."""
        blank = dict.fromkeys(self.by_columns)
        out = []
        for row in self.rows:
            data = row.to_dict()
            out.append(
                {
                    "indicator": data["indicator"],
                    "period": data["period"],
                    **blank,
                    **dict(row.by),
                    **{name: data[name] for name in _OUTPUT},
                }
            )
        return out

    def to_frame(self, backend: Literal["polars", "pandas", "pyarrow"] = "polars") -> Any:
        """The rows as a native frame of ``backend`` (``polars``, ``pandas``, ``pyarrow``)."""
        schema = {
            "indicator": nw.String(),
            "period": nw.String(),
            **{column: nw.String() for column in self.by_columns},
            "value": nw.Float64(),
            "numerator": nw.Float64(),
            "denominator": nw.Float64(),
            "suppressed": nw.Boolean(),
            "reason": nw.String(),
        }
        rows = self.to_dicts()
        columns = {name: [row[name] for row in rows] for name in schema}
        frame = nw.from_dict(columns, schema=schema, backend=backend)
        return frame.to_native()

    def to_observations(self) -> tuple[Observation, ...]:
        """The headline rows as observations, each ``withheld`` when publishing hides it.

        An unpublished result gives its values, so the RAG rules rate them as computed, and
        marks those that disclosure control hides when published, so a published report hides
        them too (a result built by hand, with no ``specs``, has nothing to mark).  A published
        result gives a suppressed value as ``None``, with the reason.
        """
        hidden = withheld(self)
        return tuple(
            Observation(
                indicator=row.indicator,
                period=period_of_label(row.period),
                value=row.value,
                comment=row.reason,
                withheld=index in hidden,
            )
            for index, row in enumerate(self.rows)
            if row.is_total
        )

    def apply_to(self, plan: Plan) -> Plan:
        """``plan`` with the headline values as its observations, and these findings as issues.

        A computed value replaces an observation the plan wrote for the same indicator and
        period (and no agency): the data are the record, a hand-typed figure is a copy.  The
        observations are those of :meth:`to_observations`.
        """
        computed = self.to_observations()
        keys = {(o.indicator, o.period) for o in computed}
        kept = tuple(
            o for o in plan.observations if o.agency or (o.indicator, o.period) not in keys
        )
        return attrs.evolve(plan, observations=kept + computed, issues=plan.issues + self.findings)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: ``as_of``, ``published``, ``min_count``, ``rows``, ``findings``."""
        return {
            "as_of": self.as_of.isoformat(),
            "published": self.published,
            "min_count": self.min_count,
            "rows": jsonable(self.to_dicts()),
            "findings": [finding.to_dict() for finding in self.findings],
        }

    def to_json(self) -> str:
        """Deterministic JSON of :meth:`to_dict`."""
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False)
