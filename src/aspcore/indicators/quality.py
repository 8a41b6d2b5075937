"""Findings about case events that would make computed indicators wrong or unsafe.

Each check is one aggregate query on the dataset's own backend and reports counts, never a
person's identifier (even one that looks like a name):

* ``IND-002`` rows dated after ``as_of`` (left out of every period);
* ``IND-003`` rows without a date (blank, or text that is not a date: ``2018-02-30``) in a
  column that places rows in periods, and text that is not a date in any other column read as
  dates (left out of every period and duration computed from it), with their row numbers;
* ``IND-004`` the same event recorded twice for a person, date (and agency);
* ``IND-005`` person ids that look like names, so the data is not pseudonymised;
* ``IND-006`` stage texts that name no pathway stage (those events count in no stage): only
  misspelt stages (``recovry``: did you mean recovery?) are quoted, the others, which may be
  personal data, counted with their rows;
* ``IND-007`` events out of order: an NRM decision dated before the referral (or a conclusive
  decision before the reasonable-grounds one), or a person entering a pathway stage after a
  later one.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Mapping
from typing import Any

import narwhals as nw

from aspcore.indicators import journeys
from aspcore.indicators.datasets import Dataset
from aspcore.indicators.frames import collect, distinct, first_rows
from aspcore.indicators.period_keys import readable_date
from aspcore.indicators.pseudonymise import name_like_rows
from aspcore.model import Finding, PathwayStage, Severity
from aspcore.model.personal import misspelling

__all__ = ["check_events"]


def _finding(
    rule: str, dataset: Dataset, message: str, suggestion: str, **evidence: Any
) -> Finding:
    return Finding(
        rule=rule,
        subject=dataset.name,
        subject_kind="dataset",
        severity=Severity.WARNING,
        message=f"dataset {dataset.name}: {message}",
        evidence={"dataset": dataset.name, **evidence},
        suggestion=suggestion,
    )


def _count(condition: nw.Expr) -> nw.Expr:
    return nw.when(condition).then(nw.lit(1, nw.Int64)).otherwise(nw.lit(0, nw.Int64)).sum()


def check_events(dataset: Dataset, dates: Mapping[str, bool]) -> list[Finding]:
    """Every finding about ``dataset`` whose columns the checks need are present.

    ``dates`` are the columns the indicators read as dates, each with whether it places rows in
    periods; the events' own date column always does.
    """
    p = dataset.params
    findings = _dates(dataset, dates)
    if dataset.has(p.person):
        findings += _names(dataset)
    if dataset.has(p.person, p.event, p.date):
        findings += _duplicates(dataset)
        findings += _order(dataset)
    if dataset.has(p.stage):
        findings += _stages(dataset)
    return findings


def _no_date(dataset: Dataset, column: str, places: bool) -> dict[str, nw.Expr]:
    """Whether a row's ``column`` is ``blank`` (asked only of columns that place rows in
    periods), and (text only) ``unreadable``: not a date."""
    value = nw.col(column)
    text = dataset.schema[column] == nw.String
    blank = value.is_null()
    if text:
        blank = blank | (value.str.strip_chars() == "").fill_null(False)
    tests = {"blank": blank} if places else {}
    if text:
        tests["unreadable"] = ~blank & ~readable_date(value)
    return tests


def _rows_text(numbers: list[int] | None, total: int) -> str:
    """``row 7`` or ``rows 7, 9 and 3 more`` (empty when the rows cannot be numbered)."""
    if not numbers:
        return ""
    more = f" and {total - len(numbers)} more" if total > len(numbers) else ""
    word = "row" if total == 1 else "rows"
    return f"{word} {', '.join(map(str, numbers))}{more}"


def _dates(dataset: Dataset, dates: Mapping[str, bool]) -> list[Finding]:
    """``IND-002`` for the date column, ``IND-003`` for every column read as dates."""
    p = dataset.params
    places = {p.date: True, **{c: placing for c, placing in dates.items() if c != p.date}}
    columns = [c for c in places if dataset.has(c)]
    tests = {column: _no_date(dataset, column, places[column]) for column in columns}
    if not any(tests.values()):
        return []
    counts = [
        _count(test).alias(f"{kind}_{i}")
        for i, column in enumerate(columns)
        for kind, test in tests[column].items()
    ]
    if p.date in columns:
        parsed = dataset.date(p.date)
        future = ~dataset.on_or_before_as_of(p.date, parsed) & ~parsed.is_null()
        counts.append(_count(future).alias("future"))
    found = collect(dataset.frame.select(*counts)).rows(named=True)[0]
    out = []
    if found.get("future"):
        out.append(
            _finding(
                "IND-002",
                dataset,
                f"{found['future']} row(s) are dated after {dataset.as_of.isoformat()} "
                "(the as-of date); they are left out of every period",
                "Check the dates, or compute as of a later date.",
                rows=int(found["future"]),
                as_of=dataset.as_of,
            )
        )
    for i, column in enumerate(columns):
        blank, unreadable = (int(found.get(f"{kind}_{i}", 0)) for kind in ("blank", "unreadable"))
        if blank or unreadable:
            test = functools.reduce(operator.or_, tests[column].values())
            out.append(_undated(dataset, column, blank, unreadable, test))
    return out


def _undated(dataset: Dataset, column: str, blank: int, unreadable: int, test: nw.Expr) -> Finding:
    """``IND-003``: rows of ``column`` that are blank or hold no date, counted and numbered."""
    numbers = first_rows(dataset.frame, test)
    kinds = [
        *([f"{blank} blank"] if blank else []),
        *([f"{unreadable} not a date written YYYY-MM-DD"] if unreadable else []),
    ]
    detail = ", ".join(kinds)
    if where := _rows_text(numbers, blank + unreadable):
        detail += f": {where}"
    return _finding(
        "IND-003",
        dataset,
        f"{blank + unreadable} row(s) hold no date in column {column} ({detail}); "
        f"they are left out of every period and duration computed from {column}",
        f"Write every {column} as YYYY-MM-DD, e.g. 2018-04-30.",
        column=column,
        rows=blank + unreadable,
        blank=blank,
        unreadable=unreadable,
        **({} if numbers is None else {"first_rows": numbers}),
    )


def _names(dataset: Dataset) -> list[Finding]:
    rows = name_like_rows(dataset.frame, dataset.params.person)
    if not rows:
        return []
    return [
        _finding(
            "IND-005",
            dataset,
            f"{rows} row(s) have a {dataset.params.person} that looks like a name "
            "(two or more words of letters and no digit): case events must not identify "
            "people",
            "Pseudonymise identifiers before sharing or computing: aspcore pseudonymise FILE "
            f"--columns {dataset.params.person} --key-env VAR -o OUT",
            rows=rows,
        )
    ]


def _duplicates(dataset: Dataset) -> list[Finding]:
    p = dataset.params
    keys = [p.person, p.event, p.date, *(["agency"] if dataset.has("agency") else [])]
    total = collect(dataset.frame.select(nw.len().alias("n"))).rows()[0][0]
    different = collect(distinct(dataset.frame, *keys).select(nw.len().alias("n"))).rows()
    extra = int(total) - int(different[0][0])
    if not extra:
        return []
    return [
        _finding(
            "IND-004",
            dataset,
            f"{extra} row(s) repeat an event already recorded for the same person, "
            f"{', '.join(keys[1:])}; count() counts them again, count_distinct() does not",
            "Remove the repeated rows at source, or measure people with count_distinct.",
            rows=extra,
            key=keys,
        )
    ]


def _stages(dataset: Dataset) -> list[Finding]:
    """``IND-006``: stage values naming no pathway stage; only misspelt stages are quoted."""
    unknown = sorted(text for text, stage in dataset.stages().items() if stage is None)
    if not unknown:
        return []
    stages = [stage.value for stage in PathwayStage]
    meant = {text: guess for text in unknown if (guess := misspelling(text, stages))}
    withheld = [text for text in unknown if text not in meant]
    parts = []
    evidence: dict[str, Any] = {}
    if meant:
        shown = list(meant)[:10]
        quoted = ", ".join(f"{text!r} (did you mean {meant[text]}?)" for text in shown)
        more = f" and {len(meant) - 10} more" if len(meant) > 10 else ""
        parts.append(f"{len(meant)} stage value(s) name no pathway stage: {quoted}{more}")
        evidence["values"] = {text: meant[text] for text in shown}
    if withheld:
        stage = nw.col(dataset.params.stage).cast(nw.String).is_in(withheld)
        rows = int(collect(dataset.frame.select(_count(stage).alias("n"))).item(0, "n"))
        numbers = first_rows(dataset.frame, stage)
        where = _rows_text(numbers, rows)
        parts.append(
            f"{rows} row(s) hold a stage value that names no pathway stage and is not shown, "
            f"because it may be personal data{f' ({where})' if where else ''}"
        )
        evidence |= {"withheld_rows": rows, **({} if numbers is None else {"first_rows": numbers})}
    return [
        _finding(
            "IND-006",
            dataset,
            f"{'; '.join(parts)}; those events count in no stage",
            "Use prevention, discovery, respite, recovery or sustainable freedom.",
            **evidence,
        )
    ]


def _order(dataset: Dataset) -> list[Finding]:
    """Journeys with decisions or stages out of order, from the only events that can be."""
    p = dataset.params
    stages = dataset.stages() if dataset.has(p.stage) else {}
    relevant = nw.col(p.event).is_in([p.referral, p.reasonable_grounds, p.conclusive_grounds])
    known = [text for text, stage in stages.items() if stage is not None]
    if known:
        relevant = relevant | nw.col(p.stage).cast(nw.String).is_in(known)
    events = dataset.journey_events(()).filter(relevant)
    people = journeys.people(events, params=p, as_of=dataset.as_of, by=(), stages=stages)
    counts = collect(
        people.select(
            _count(nw.col("nrm_out_of_order")).alias("nrm"),
            _count(nw.col("stages_out_of_order")).alias("stages"),
        )
    ).rows(named=True)[0]
    out = []
    if counts["nrm"]:
        out.append(
            _finding(
                "IND-007",
                dataset,
                f"{counts['nrm']} person(s) have an NRM decision dated before their referral "
                "(or a conclusive decision before the reasonable-grounds one); the days to "
                "each such decision are left out",
                "Check the decision and referral dates.",
                people=int(counts["nrm"]),
                kind="nrm",
            )
        )
    if counts["stages"]:
        out.append(
            _finding(
                "IND-007",
                dataset,
                f"{counts['stages']} person(s) entered a pathway stage after a later one; "
                "their time in those stages is left out",
                "Check the stage recorded on each event.",
                people=int(counts["stages"]),
                kind="stages",
            )
        )
    return out
