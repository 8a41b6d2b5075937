"""Whole-journey monitoring: a person's progress across agencies, built from case events.

The guide's victim care pathway runs prevention → discovery → respite → recovery → sustainable
freedom (Table 3), and the workshops' top recommendation is to follow a person's journey beyond
the NRM.  From case events (person, event, date, and the pathway stage each event was recorded in)
two views are built, as native queries on the events' own backend:

``journeys`` (one row per person)
    ``first_date``, ``last_date``; the NRM dates ``referral_date``, ``reasonable_grounds_date``,
    ``conclusive_grounds_date`` and ``days_to_reasonable_grounds``, ``days_to_conclusive_grounds``
    (from referral; null when a decision is dated before the referral, or the conclusive one
    before the reasonable-grounds one); ``exit_date`` (the first
    exit event, ``moved_on`` by default); for each stage ``reached_<stage>``,
    ``entered_<stage>`` (first event in it) and ``days_in_<stage>`` (until the next stage
    reached, or the exit, or ``as_of``); ``current_stage``; ``status`` at ``as_of``
    (``moved_on``, ``open`` or ``lost_to_follow_up``) and ``days_since_last_event``; and the
    flags ``nrm_out_of_order`` and ``stages_out_of_order``.  Breakdown columns hold the person's
    smallest recorded value (people rarely have two).

``journey_periods`` (one row per person and period in which their journey was open)
    ``status`` in the period: ``moved_on`` (exited in it), ``lost_to_follow_up`` (open at its
    end, or at ``as_of``, with no event for more than ``lost_after_days``) or ``open``; and
    ``days_since_last_event`` at its end.

Stage names use underscores in column names (``reached_sustainable_freedom``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import narwhals as nw

from aspcore.indicators import period_keys as pk
from aspcore.indicators.frames import Frame, distinct
from aspcore.indicators.params import IndicatorParams
from aspcore.model import PathwayStage
from aspcore.periods import PeriodKind

__all__ = ["PERIOD_KEY", "STAGES", "people", "periods", "stage_name"]

#: The column of ``journey_periods`` holding each row's period key.
PERIOD_KEY = "_aspcore_period"
#: Pathway stages in order (guide, Table 3).
STAGES: tuple[PathwayStage, ...] = tuple(PathwayStage)
_T = "_aspcore_j_"


def stage_name(stage: PathwayStage) -> str:
    """A stage as it appears in column names: ``sustainable_freedom``."""
    return stage.value.replace("-", "_")


def _day(column: str) -> nw.Expr:
    return pk.date_day(nw.col(column))


def _number(value: float) -> nw.Expr:
    return nw.lit(float(value), nw.Float64)


def people(
    events: Frame,
    *,
    params: IndicatorParams,
    as_of: dt.date,
    by: tuple[str, ...],
    stages: Mapping[str, str | None],
) -> Frame:
    """The ``journeys`` view: one row per person (events already dated up to ``as_of``).

    ``stages`` maps each stage text found in the data to the pathway stage it names.
    """
    p = params
    event, date = nw.col(p.event), nw.col(p.date)

    def on(condition: nw.Expr) -> nw.Expr:
        return nw.when(condition).then(date)

    nrm = {
        "referral_date": p.referral,
        "reasonable_grounds_date": p.reasonable_grounds,
        "conclusive_grounds_date": p.conclusive_grounds,
    }
    marks: dict[str, nw.Expr] = {f"{_T}{name}": on(event == e) for name, e in nrm.items()}
    marks[f"{_T}exit_date"] = on(event.is_in(list(p.exit_events)))
    for milestone in p.milestones:
        marks[f"{_T}first_{milestone}"] = on(event == milestone)
    for stage in STAGES:
        texts = [text for text, named in stages.items() if named == stage.value]
        entered = on(nw.col(p.stage).cast(nw.String).is_in(texts)) if texts else None
        marks[f"{_T}entered_{stage_name(stage)}"] = (
            entered if entered is not None else nw.lit(None, _date_dtype(events, p.date))
        )
    aggregations = [
        date.min().alias("first_date"),
        date.max().alias("last_date"),
        *(nw.col(name).min().alias(name.removeprefix(_T)) for name in marks),
        *(nw.col(column).min() for column in by if column != p.person),
    ]
    per_person = events.with_columns(**marks).group_by(p.person).agg(*aggregations)
    return _describe(per_person, params=p, as_of=as_of, by=by)


def _date_dtype(frame: Frame, column: str) -> Any:
    """The dtype of a date column of ``frame``."""
    return frame.collect_schema()[column]


def _describe(
    per_person: Frame, *, params: IndicatorParams, as_of: dt.date, by: tuple[str, ...]
) -> Frame:
    """Durations, stages and status from each person's first dates (in layers of columns)."""
    as_of_day = _number(as_of.toordinal())
    names = [stage_name(s) for s in STAGES]
    day_columns = {
        f"{_T}d_{name}": _day(name)
        for name in (
            "first_date",
            "last_date",
            "referral_date",
            "reasonable_grounds_date",
            "conclusive_grounds_date",
            "exit_date",
            *(f"entered_{s}" for s in names),
        )
    }
    frame = per_person.with_columns(**day_columns)

    def d(name: str) -> nw.Expr:
        return nw.col(f"{_T}d_{name}")

    def after_referral(decision: str, *earlier: str) -> nw.Expr:
        """Days from referral to ``decision``; null when it is dated before the referral or
        before any ``earlier`` decision (the flag ``nrm_out_of_order`` says so)."""
        days = d(decision) - d("referral_date")
        in_order = days >= _number(0)
        for first in earlier:
            in_order = in_order & (d(first) <= d(decision)).fill_null(True)
        return nw.when(in_order).then(days)

    end = d("exit_date").fill_null(as_of_day)
    entered = [d(f"entered_{s}") for s in names]
    silence = as_of_day - d("last_date")
    stage_out = [
        (entered[j] < entered[i]).fill_null(False)
        for i in range(len(names))
        for j in range(i + 1, len(names))
    ]
    decisions_out = [
        (d(second) < d(first)).fill_null(False)
        for first, second in (
            ("referral_date", "reasonable_grounds_date"),
            ("referral_date", "conclusive_grounds_date"),
            ("reasonable_grounds_date", "conclusive_grounds_date"),
        )
    ]
    derived: dict[str, nw.Expr] = {
        "days_to_reasonable_grounds": after_referral("reasonable_grounds_date"),
        "days_to_conclusive_grounds": after_referral(
            "conclusive_grounds_date", "reasonable_grounds_date"
        ),
        "current_stage": _latest_stage(entered),
        "status": nw.when(~d("exit_date").is_null())
        .then(nw.lit("moved_on"))
        .when(silence > _number(params.lost_after_days))
        .then(nw.lit("lost_to_follow_up"))
        .otherwise(nw.lit("open")),
        "days_since_last_event": silence,
        "nrm_out_of_order": nw.any_horizontal(*decisions_out, ignore_nulls=True),
        "stages_out_of_order": nw.any_horizontal(*stage_out, ignore_nulls=True),
    }
    for i, name in enumerate(names):
        later = [*entered[i + 1 :], end]
        # PySpark's least() needs two columns or more.
        days = (nw.min_horizontal(*later) if len(later) > 1 else end) - entered[i]
        derived[f"reached_{name}"] = ~entered[i].is_null()
        derived[f"days_in_{name}"] = nw.when(days >= _number(0)).then(days)
    frame = frame.with_columns(**derived)
    keep = [
        params.person,
        "first_date",
        "last_date",
        "referral_date",
        "reasonable_grounds_date",
        "conclusive_grounds_date",
        "exit_date",
        *(f"first_{milestone}" for milestone in params.milestones),
        "days_to_reasonable_grounds",
        "days_to_conclusive_grounds",
        *(f"{kind}_{s}" for s in names for kind in ("reached", "entered", "days_in")),
        "current_stage",
        "status",
        "days_since_last_event",
        "nrm_out_of_order",
        "stages_out_of_order",
        *(c for c in by if c != params.person),
    ]
    return frame.select(list(dict.fromkeys(keep)))


def _latest_stage(entered: Sequence[nw.Expr]) -> nw.Expr:
    """The stage entered last, from each stage's day of entry (null if not entered): on a tie
    the later stage of the pathway; null when no stage was entered."""
    latest = nw.max_horizontal(*entered)
    current = nw.when(entered[-1] == latest).then(nw.lit(STAGES[-1].value))
    for stage, day in zip(STAGES[-2::-1], entered[-2::-1], strict=True):
        current = current.when(day == latest).then(nw.lit(stage.value))
    return current


def periods(
    events: Frame,
    people_view: Frame,
    *,
    params: IndicatorParams,
    as_of: dt.date,
    kind: PeriodKind,
    by: tuple[str, ...],
) -> Frame:
    """The ``journey_periods`` view: each person in each period their journey was open.

    The periods are those in which the events hold any row (so every period from the first
    event to ``as_of`` when the data is not sparse); a period's end is capped at ``as_of``.
    """
    person = params.person
    key = pk.period_key(pk.month_number(nw.col(params.date)), kind)
    day, event = _day(params.date), nw.col(params.event)
    housing = [*params.accommodation_events, *params.long_term_accommodation]
    keyed = events.with_columns(
        **{
            PERIOD_KEY: key,
            f"{_T}day": day,
            f"{_T}housed": nw.when(event.is_in(housing)).then(day),
            f"{_T}settled": nw.when(event.is_in(list(params.long_term_accommodation))).then(day),
        }
    )
    latest = (f"{_T}day", f"{_T}housed", f"{_T}settled")
    in_period: Any = keyed.group_by(person, PERIOD_KEY).agg(
        *(nw.col(column).max() for column in latest)
    )
    bounds: Any = distinct(keyed, PERIOD_KEY).with_columns(
        **{
            f"{_T}start": pk.first_day(nw.col(PERIOD_KEY)).cast(nw.Float64),
            f"{_T}end": nw.min_horizontal(
                pk.last_day(nw.col(PERIOD_KEY), kind).cast(nw.Float64),
                _number(as_of.toordinal()),
            ),
        }
    )
    breakdown = [c for c in dict.fromkeys(by) if c != person]
    stage_days = {f"{_T}in_{stage_name(s)}": _day(f"entered_{stage_name(s)}") for s in STAGES}
    spans: Any = people_view.select(
        person,
        _day("first_date").alias(f"{_T}first"),
        _day("exit_date").alias(f"{_T}exit"),
        *(value.alias(name) for name, value in stage_days.items()),
        *breakdown,
    )
    start, stop = nw.col(f"{_T}start"), nw.col(f"{_T}end")
    exit_day = nw.col(f"{_T}exit")
    grid = (
        spans.join(bounds, how="cross")
        .filter((nw.col(f"{_T}first") <= stop) & (exit_day.is_null() | (exit_day >= start)))
        .join(in_period, on=[person, PERIOD_KEY], how="left")
        .with_columns(
            # The latest day, up to each period's end, of any event, of moving into any
            # accommodation and of moving into long-term accommodation (0: none yet).
            **{
                column: nw.col(column).fill_null(0.0).cum_max().over(person, order_by=PERIOD_KEY)
                for column in latest
            }
        )
    )
    seen, housed, settled = (nw.col(column) for column in latest)
    silence = stop - seen
    moved = ~exit_day.is_null() & (exit_day <= stop)
    lost = ~moved & (silence > _number(params.lost_after_days))
    status = (
        nw.when(moved)
        .then(nw.lit("moved_on"))
        .when(lost)
        .then(nw.lit("lost_to_follow_up"))
        .otherwise(nw.lit("open"))
    )
    entered = [nw.when(nw.col(name) <= stop).then(nw.col(name)) for name in stage_days]
    result: Frame = grid.with_columns(
        status=status,
        days_since_last_event=silence,
        # Lost at the period's end, having crossed lost_after_days during it.
        lost_in_period=lost & (seen + _number(params.lost_after_days + 1) >= start),
        current_stage=_latest_stage(entered),
        in_long_term_accommodation=(settled > _number(0)) & (settled >= housed),
    ).select(
        person,
        PERIOD_KEY,
        "status",
        "days_since_last_event",
        "lost_in_period",
        "current_stage",
        "in_long_term_accommodation",
        *breakdown,
    )
    return result
