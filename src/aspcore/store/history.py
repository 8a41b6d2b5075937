"""Every evaluation kept: ``evaluations`` in the store, and what changed between two of them.

``aspcore check PLAN --record STORE`` calls :func:`record_evaluation`, which adds one row to the
table ``evaluations`` (created on first use): the plan's partnership name and the SHA-256 of the
plan file, the as-of date, the ruleset, aspcore's version and the plugins that ran, the time it was
recorded (UTC) and the whole evaluation JSON, from which statuses and findings are read back.
Every call adds a row, even for the same plan bytes, as-of date and ruleset: a re-run is a new
evaluation (a plugin or the case data may have changed), and :func:`history` lists them all in
recording order.  :func:`changes` compares two of them with
:func:`~aspcore.rules.changes.diff_evaluations`.

An evaluation is named by its id, or by a date (``YYYY-MM-DD``): the latest recorded evaluation
with that as-of date.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from aspcore.errors import InputFileError
from aspcore.model import Finding, Rag, Severity, Status
from aspcore.rules.changes import EvaluationDiff, diff_evaluations
from aspcore.rules.evaluation import Evaluation
from aspcore.store.layout import fetch_one
from aspcore.store.store import Store

if TYPE_CHECKING:
    from aspcore.plugins import Plugins

__all__ = [
    "Changes",
    "RecordedEvaluation",
    "changes",
    "find_evaluation",
    "history",
    "plugin_versions",
    "record_evaluation",
]

#: A reference to a recorded evaluation: its id, or an as-of date (``YYYY-MM-DD`` as text).
Ref = int | dt.date | str

_EVALUATIONS = """
CREATE TABLE IF NOT EXISTS evaluations (
    evaluation_id BIGINT PRIMARY KEY,
    plan VARCHAR NOT NULL,
    plan_sha256 VARCHAR NOT NULL,
    as_of DATE NOT NULL,
    ruleset_name VARCHAR NOT NULL,
    ruleset_version VARCHAR NOT NULL,
    aspcore_version VARCHAR NOT NULL,
    plugins VARCHAR NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    evaluation VARCHAR NOT NULL
)"""
_COLUMNS = (
    "evaluation_id, plan, plan_sha256, as_of, ruleset_name, ruleset_version, aspcore_version, "
    "plugins, recorded_at, evaluation"
)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def ensure_history(con: Any) -> None:
    """Create ``evaluations`` and its id sequence if missing."""
    con.execute("CREATE SEQUENCE IF NOT EXISTS evaluation_ids START 1")
    con.execute(_EVALUATIONS)


def _status(data: Mapping[str, Any]) -> Status:
    rag = data.get("rag")
    return Status(
        subject=str(data["subject"]),
        kind=str(data["kind"]),
        rag=Rag(rag) if rag else None,
        reason=str(data.get("reason", "")),
        rule=str(data.get("rule", "")),
        evidence=data.get("evidence") or {},
        period=data.get("period"),
    )


def _finding(data: Mapping[str, Any]) -> Finding:
    return Finding(
        rule=str(data["rule"]),
        subject=str(data["subject"]),
        severity=Severity(data["severity"]),
        message=str(data.get("message", "")),
        subject_kind=str(data.get("kind", "plan")),
        evidence=data.get("evidence") or {},
        suggestion=str(data.get("suggestion", "")),
        plugin=str(data.get("plugin", "")),
        line=data.get("line"),
    )


@attrs.frozen
class RecordedEvaluation:
    """One row of ``evaluations``: what was evaluated, under what, when, and its result.

    ``statuses`` and ``findings`` are read back from ``evaluation_json`` (the evaluation JSON
    exactly as recorded), so a recorded evaluation can be compared like a fresh one.
    ``recorded_at`` is in UTC.
    """

    id: int
    plan: str
    plan_sha256: str
    as_of: dt.date
    ruleset_name: str
    ruleset_version: str
    aspcore_version: str
    plugins: Mapping[str, str]
    recorded_at: dt.datetime
    evaluation_json: str = attrs.field(repr=False)
    statuses: tuple[Status, ...] = attrs.field(repr=False)
    findings: tuple[Finding, ...] = attrs.field(repr=False)

    @classmethod
    def from_row(cls, row: tuple[Any, ...]) -> RecordedEvaluation:
        """A recorded evaluation from a row of ``evaluations`` (columns in table order)."""
        ident, plan, sha, as_of, name, version, aspcore, plugins, at, text = row
        data = json.loads(text)
        return cls(
            id=int(ident),
            plan=plan,
            plan_sha256=sha,
            as_of=as_of,
            ruleset_name=name,
            ruleset_version=version,
            aspcore_version=aspcore,
            plugins=json.loads(plugins),
            recorded_at=at.replace(tzinfo=dt.UTC),
            evaluation_json=text,
            statuses=tuple(_status(s) for s in data.get("statuses", [])),
            findings=tuple(_finding(f) for f in data.get("findings", [])),
        )

    @property
    def ruleset(self) -> str:
        """The ruleset as ``name version`` (``iasc-default 2026.1``)."""
        return f"{self.ruleset_name} {self.ruleset_version}"

    def to_dict(self) -> dict[str, Any]:
        """The history entry: ``id``, ``plan``, ``as_of``, ``ruleset`` (``name version``) and
        ``recorded_at`` (ISO 8601 with ``+00:00``)."""
        return {
            "id": self.id,
            "plan": self.plan,
            "as_of": self.as_of.isoformat(),
            "ruleset": self.ruleset,
            "recorded_at": self.recorded_at.isoformat(),
        }


@attrs.frozen
class Changes:
    """What changed from one recorded evaluation (``before``) to another (``after``)."""

    before: RecordedEvaluation
    after: RecordedEvaluation
    diff: EvaluationDiff

    def to_dict(self) -> dict[str, Any]:
        """JSON form: ``from`` and ``to`` (history entries), then ``statuses``,
        ``new_findings`` and ``resolved_findings``."""
        return {"from": self.before.to_dict(), "to": self.after.to_dict(), **self.diff.to_dict()}


def plugin_versions(plugins: Plugins) -> dict[str, str]:
    """Name → version of every plugin that loaded (neither blocked nor failed), by name."""
    loaded = [i for i in plugins.infos() if not i.blocked and i.error is None]
    return {i.name: i.version for i in sorted(loaded, key=lambda i: i.name)}


def _utc(when: dt.datetime) -> dt.datetime:
    """``when`` in naive UTC; a naive time is taken to be UTC already."""
    return when if when.tzinfo is None else when.astimezone(dt.UTC).replace(tzinfo=None)


def record_evaluation(
    store: Store,
    evaluation: Evaluation,
    *,
    plan_sha256: str,
    plugins: Mapping[str, str],
    recorded_at: dt.datetime,
) -> RecordedEvaluation:
    """Add ``evaluation`` to the store's ``evaluations`` (created if missing); return the row.

    ``plan_sha256`` identifies the plan (the CLI hashes the plan file's bytes), ``plugins`` maps
    the plugins that ran to their versions (:func:`plugin_versions`), and ``recorded_at`` is the
    time to keep (naive times are taken as UTC); they are parameters so that the same inputs
    record the same row.  Every call adds a row: a re-run is a new evaluation.
    """
    con = store.con
    con.begin()
    try:
        ensure_history(con)
        ident = int(fetch_one(con, "SELECT nextval('evaluation_ids')")[0])
        con.execute(
            f"INSERT INTO evaluations ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                ident,
                evaluation.plan,
                plan_sha256,
                evaluation.as_of,
                str(evaluation.ruleset.get("name", "")),
                str(evaluation.ruleset.get("version", "")),
                evaluation.version,
                json.dumps(dict(sorted(plugins.items())), ensure_ascii=False),
                _utc(recorded_at),
                evaluation.to_json(),
            ],
        )
        con.commit()
    except BaseException:
        con.rollback()
        raise
    return _fetch(store, "evaluation_id = ?", [ident])[0]


def _has_history(store: Store) -> bool:
    (count,) = fetch_one(
        store.con,
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'evaluations'",
    )
    return bool(count)


def _fetch(
    store: Store, where: str = "TRUE", params: list[Any] | None = None
) -> list[RecordedEvaluation]:
    rows = store.con.execute(
        f"SELECT {_COLUMNS} FROM evaluations WHERE {where} ORDER BY evaluation_id", params or []
    ).fetchall()
    return [RecordedEvaluation.from_row(tuple(row)) for row in rows]


def history(store: Store) -> list[RecordedEvaluation]:
    """Every recorded evaluation, in recording order.

    Raises :class:`~aspcore.errors.InputFileError` when the store has never recorded one (it
    has no ``evaluations`` table).
    """
    if not _has_history(store):
        raise InputFileError(
            f"{store.path}: no evaluations recorded in this store; record one with "
            "`aspcore check PLAN --record STORE`"
        )
    return _fetch(store)


def _as_of_dates(recorded: list[RecordedEvaluation]) -> str:
    return ", ".join(sorted({r.as_of.isoformat() for r in recorded})) or "none"


def find_evaluation(store: Store, ref: Ref, *, plan: str | None = None) -> RecordedEvaluation:
    """The recorded evaluation ``ref`` names: an id (``3`` or ``"3"``), or a date
    (``dt.date`` or ``"YYYY-MM-DD"``): the latest recorded with that as-of date, of ``plan``
    when given.

    Raises :class:`~aspcore.errors.InputFileError` saying what was recorded when nothing
    matches, or when ``ref`` is neither an id nor a date.
    """
    recorded = history(store)
    if isinstance(ref, str) and ref.strip().isdigit():
        ref = int(ref)
    if isinstance(ref, int) and not isinstance(ref, bool):
        found = [r for r in recorded if r.id == ref]
        if not found:
            ids = f"ids {recorded[0].id} to {recorded[-1].id}" if recorded else "none recorded"
            raise InputFileError(f"{store.path}: no recorded evaluation has id {ref} ({ids})")
        return found[0]
    day = _day(ref)
    of_plan = [r for r in recorded if plan is None or r.plan == plan]
    found = [r for r in of_plan if r.as_of == day]
    if not found:
        whose = f" of {plan}" if plan is not None else ""
        raise InputFileError(
            f"{store.path}: no evaluation{whose} as of {day.isoformat()} is recorded "
            f"(as-of dates recorded: {_as_of_dates(of_plan)})"
        )
    return found[-1]


def _day(ref: Ref) -> dt.date:
    if isinstance(ref, dt.date):
        return ref
    text = str(ref).strip()
    if not _DATE.fullmatch(text):
        raise InputFileError(
            f"{ref!r} names no recorded evaluation: expected an evaluation id or a date "
            "(YYYY-MM-DD)"
        )
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputFileError(f"{text} is not a real date") from None


def changes(store: Store, from_ref: Ref | None = None, to_ref: Ref | None = None) -> Changes:
    """What changed between two recorded evaluations.

    ``to_ref`` defaults to the latest recorded evaluation (of ``from_ref``'s plan when that is
    given) and ``from_ref`` to the one of the same plan recorded just before ``to_ref``; a date
    given for one side names an evaluation of the other side's plan when that is known.  Raises
    :class:`~aspcore.errors.InputFileError` when a reference matches nothing or there is no
    earlier evaluation to compare with.
    """
    recorded = history(store)
    after = find_evaluation(store, to_ref) if to_ref is not None else None
    before = None
    if from_ref is not None:
        before = find_evaluation(store, from_ref, plan=after.plan if after else None)
    if after is None:
        plan = before.plan if before is not None else recorded[-1].plan if recorded else None
        candidates = [r for r in recorded if r.plan == plan]
        if not candidates:
            raise InputFileError(f"{store.path}: no evaluations recorded; nothing to compare")
        after = candidates[-1]
    if before is None:
        earlier = [r for r in recorded if r.plan == after.plan and r.id < after.id]
        if not earlier:
            raise InputFileError(
                f"{store.path}: evaluation {after.id} of {after.plan} has no earlier recorded "
                "evaluation to compare with; record another with `aspcore check PLAN --record "
                "STORE`, or name both with --from and --to"
            )
        before = earlier[-1]
    return Changes(before, after, diff_evaluations(before, after))
