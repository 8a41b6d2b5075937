"""Turn a plan file's mapping into a :class:`~aspcore.model.Plan`, reporting what cannot be used.

The reader is lenient about content and strict about shape.  A plan that is not a mapping, or a
section that is not a list of mappings, raises :class:`~aspcore.errors.PlanError` (the file is not
a plan).  Everything else that is wrong (duplicate ids, unknown references, impossible dates,
unreadable timescales, out-of-range progress, unknown vocabulary, unknown fields) becomes a
load-level finding (``PLAN-0xx``) on the plan, and the offending value is left out of the typed
object with the raw value kept in the finding's evidence: reported, never silently lost.
"""

from __future__ import annotations

import difflib
import enum
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

import attrs

from aspcore.errors import PeriodError, PlanError, TimescaleError
from aspcore.io.values import is_blank, parse_date, parse_number, text_or_none
from aspcore.io.yaml_io import LineDict, Repeat, without_repeats
from aspcore.model import (
    PILLAR_SETS,
    Action,
    ActionStatus,
    Aggregation,
    Assumption,
    Baseline,
    ChainLevel,
    ChainNode,
    Evidence,
    EvidenceKind,
    Finding,
    Frequency,
    Indicator,
    IndicatorLevel,
    Objective,
    Observation,
    PathwayStage,
    Pillar,
    Plan,
    Polarity,
    Rag,
    ReturnSource,
    Risk,
    Standard,
    Target,
    Unit,
)
from aspcore.model.codes import PLAN_CODES
from aspcore.model.plan import COMPARISONS, SHORTFALL_MEASURES
from aspcore.model.vocab import normalise, parse_vocab, suggest
from aspcore.periods import Period, parse_period
from aspcore.timescale import Timescale, parse_timescale

__all__ = ["PlanReader", "plan_from_mapping"]

_SECTIONS = (
    "objectives",
    "actions",
    "chain",
    "indicators",
    "observations",
    "risks",
    "assumptions",
    "evidence",
)
_TOP_FIELDS = {"partnership", "vision", "year", "pillar_set", "pillars", *_SECTIONS}
_FIELDS: dict[str, set[str]] = {
    "objectives": {"id", "statement", "pillar", "stage", "owner", "timescale", "indicators"},
    "actions": {
        "id",
        "objective",
        "statement",
        "owner",
        "timescale",
        "start",
        "due",
        "status",
        "progress",
        "rag",
        "corrective_action",
    },
    "chain": {"id", "level", "statement", "from", "indicators", "pillar"},
    "indicators": {
        "id",
        "name",
        "level",
        "unit",
        "polarity",
        "baseline",
        "target",
        "frequency",
        "calendar",
        "source",
        "owner",
        "pillar",
        "compute",
        "aggregation",
        "due_days",
        "agencies",
        "from_return",
        "definition",
        "scope",
        "standard",
        "shortfall",
    },
    "observations": {"indicator", "period", "value", "agency", "comment", "rag"},
    "risks": {
        "id",
        "statement",
        "level",
        "scheme",
        "scores",
        "confidence",
        "owner",
        "mitigation",
        "objectives",
        "actions",
        "review_by",
    },
    "assumptions": {"id", "statement", "links", "indicator"},
    "evidence": {"id", "kind", "date", "summary", "source", "consent", "links"},
}
_KIND = {
    "objectives": "objective",
    "actions": "action",
    "chain": "chain-node",
    "indicators": "indicator",
    "observations": "observation",
    "risks": "risk",
    "assumptions": "assumption",
    "evidence": "evidence",
}
#: Fields of an evidence entry a finding may repeat.  Any other (the summary, or a misspelt field
#: that may hold one) may quote a person who did not agree to be quoted, and findings are
#: published.
_REPEATABLE_EVIDENCE = {"id", "kind", "date", "source", "consent", "links"}

E = TypeVar("E", bound=enum.StrEnum)


def _repeatable(section: str, key: str, value: object) -> str:
    """A field's value as a finding may repeat it: an evidence entry's free text is withheld."""
    if section == "evidence" and key not in _REPEATABLE_EVIDENCE:
        return "(withheld: evidence text is quoted only with consent)"
    return str(value)


class PlanReader:
    """Builds a Plan from a mapping and collects the load-level findings."""

    def __init__(self, source: str | None = None) -> None:
        self.source = source
        self.issues: list[Finding] = []
        self.year: Period | None = None
        #: The unit of each indicator read so far: observations of text indicators keep text.
        self.units: dict[str, Unit] = {}

    # -- findings -----------------------------------------------------------------------
    def report(
        self,
        rule: str,
        subject: str,
        kind: str,
        message: str,
        *,
        line: int | None,
        evidence: Mapping[str, object] | None = None,
        suggestion: str = "",
    ) -> None:
        """Record a load-level finding."""
        self.issues.append(
            Finding(
                rule=rule,
                subject=subject,
                subject_kind=kind,
                severity=PLAN_CODES[rule].severity,
                message=message,
                evidence=dict(evidence or {}),
                suggestion=suggestion,
                plugin="aspcore.io",
                line=line,
            )
        )

    # -- value readers ------------------------------------------------------------------
    def vocab(
        self, enum_type: type[E], raw: object, field: str, subject: str, kind: str, line: int | None
    ) -> E | None:
        """Read a vocabulary value; unknown text is a PLAN-006 finding with a did-you-mean."""
        if is_blank(raw):
            return None
        value = parse_vocab(enum_type, raw)
        if value is None:
            close = suggest(enum_type, raw)
            allowed = ", ".join(m.value for m in enum_type)
            hint = f"did you mean '{close}'?" if close else f"use one of: {allowed}"
            self.report(
                "PLAN-006",
                subject,
                kind,
                f"{kind} {subject}: {field} {raw!r} is not known; {hint}",
                line=line,
                evidence={"field": field, "value": str(raw), "allowed": allowed},
                suggestion=f"Write {field} as one of: {allowed}",
            )
        return value

    def date(self, raw: object, field: str, subject: str, kind: str, line: int | None) -> Any:
        """Read a date; an impossible date is a PLAN-005 finding."""
        try:
            return parse_date(raw)
        except ValueError as exc:
            self.report(
                "PLAN-005",
                subject,
                kind,
                f"{kind} {subject}: {field} {exc}",
                line=line,
                evidence={"field": field, "value": str(raw)},
                suggestion=f"Give {field} as a real date, YYYY-MM-DD",
            )
            return None

    def number(self, raw: object, field: str, subject: str, kind: str, line: int | None) -> Any:
        """Read a number; text that is not a number is a PLAN-009 finding."""
        try:
            return parse_number(raw)
        except ValueError as exc:
            self.report(
                "PLAN-009",
                subject,
                kind,
                f"{kind} {subject}: {field} {exc}",
                line=line,
                evidence={"field": field, "value": str(raw)},
            )
            return None

    def period(self, raw: object, field: str, subject: str, kind: str, line: int | None) -> Any:
        """Read a period label; an unreadable one is a PLAN-010 finding."""
        if is_blank(raw):
            return None
        try:
            return parse_period(str(raw))
        except PeriodError as exc:
            self.report(
                "PLAN-010",
                subject,
                kind,
                f"{kind} {subject}: {field}: {exc}",
                line=line,
                evidence={"field": field, "value": str(raw)},
            )
            return None

    def timescale(self, raw: object, subject: str, kind: str, line: int | None) -> Timescale | None:
        """Parse a timescale relative to the plan year; an unreadable one is PLAN-003."""
        text = text_or_none(raw)
        if text is None:
            return None
        anchor = self.year.start if self.year else None
        try:
            return parse_timescale(text, anchor=anchor)
        except TimescaleError as exc:
            self.report(
                "PLAN-003",
                subject,
                kind,
                f"{kind} {subject}: {exc}",
                line=line,
                evidence={"field": "timescale", "value": text},
                suggestion="Write the timescale as a month ('June 2016'), a range ('June to "
                "October 2018'), a period ('2018-19 Q2') or 'by <month>'",
            )
            return None

    def ids(self, raw: object) -> tuple[str, ...]:
        """Read a list of ids (or one id) as a tuple of text."""
        if is_blank(raw):
            return ()
        items = raw if isinstance(raw, list | tuple) else [raw]
        return tuple(t for t in (text_or_none(i) for i in items) if t is not None)

    def check_fields(self, item: Mapping[str, Any], section: str, subject: str) -> None:
        """Unknown fields are a PLAN-008 warning with a did-you-mean (typos lose data)."""
        for key in sorted(set(item) - _FIELDS[section]):
            close = difflib.get_close_matches(key, sorted(_FIELDS[section]), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            self.report(
                "PLAN-008",
                subject,
                _KIND[section],
                f"{_KIND[section]} {subject}: field '{key}' is not part of the plan format"
                f"{hint} Its value is ignored",
                line=getattr(item, "line", None),
                evidence={"field": key, "value": _repeatable(section, key, item[key])},
            )

    # -- items --------------------------------------------------------------------------
    def objective(self, item: Mapping[str, Any], oid: str, line: int | None) -> Objective:
        """Build one objective."""
        k = "objective"
        return Objective(
            id=oid,
            statement=text_or_none(item.get("statement")) or "",
            pillar=self.vocab(Pillar, item.get("pillar"), "pillar", oid, k, line),
            stage=self.vocab(PathwayStage, item.get("stage"), "stage", oid, k, line),
            owner=text_or_none(item.get("owner")),
            timescale=text_or_none(item.get("timescale")),
            parsed_timescale=self.timescale(item.get("timescale"), oid, k, line),
            indicators=self.ids(item.get("indicators")),
            line=line,
        )

    def action(self, item: Mapping[str, Any], aid: str, line: int | None) -> Action:
        """Build one action; dates missing from the row are read from its timescale."""
        k = "action"
        progress = self.number(item.get("progress"), "progress", aid, k, line)
        if progress is not None and not 0 <= progress <= 100:
            self.report(
                "PLAN-004",
                aid,
                k,
                f"action {aid}: progress {progress} is outside 0-100; it is ignored",
                line=line,
                evidence={"field": "progress", "value": progress, "min": 0, "max": 100},
                suggestion="Give progress as a percentage between 0 and 100",
            )
            progress = None
        start = self.date(item.get("start"), "start", aid, k, line)
        due = self.date(item.get("due"), "due", aid, k, line)
        scale = self.timescale(item.get("timescale"), aid, k, line)
        from_scale = False
        if due is None and scale is not None and scale.end is not None:
            due, from_scale = scale.end, True
            if start is None:
                start = scale.start
        if start is not None and due is not None and due < start:
            self.report(
                "PLAN-004",
                aid,
                k,
                f"action {aid}: due date {due} is before its start {start}",
                line=line,
                evidence={"start": start, "due": due},
                suggestion="Check the start and due dates",
            )
        return Action(
            id=aid,
            statement=text_or_none(item.get("statement")) or "",
            objective=text_or_none(item.get("objective")),
            owner=text_or_none(item.get("owner")),
            timescale=text_or_none(item.get("timescale")),
            start=start,
            due=due,
            status=self.vocab(ActionStatus, item.get("status"), "status", aid, k, line),
            progress=progress,
            rag=self.vocab(Rag, item.get("rag"), "rag", aid, k, line),
            corrective_action=text_or_none(item.get("corrective_action")),
            due_from_timescale=from_scale,
            line=line,
        )

    def chain_node(self, item: Mapping[str, Any], nid: str, line: int | None) -> ChainNode | None:
        """Build one chain node; a node without a readable level is reported and left out."""
        level = self.vocab(ChainLevel, item.get("level"), "level", nid, "chain-node", line)
        if level is None:
            if is_blank(item.get("level")):
                self.report(
                    "PLAN-006",
                    nid,
                    "chain-node",
                    f"chain node {nid} has no level; it is left out of the chain",
                    line=line,
                    evidence={"field": "level"},
                    suggestion="Give a level: input, activity, output, outcome or impact",
                )
            return None
        return ChainNode(
            id=nid,
            level=level,
            statement=text_or_none(item.get("statement")) or "",
            sources=self.ids(item.get("from")),
            indicators=self.ids(item.get("indicators")),
            pillar=self.vocab(Pillar, item.get("pillar"), "pillar", nid, "chain-node", line),
            line=line,
        )

    def indicator(self, item: Mapping[str, Any], iid: str, line: int | None) -> Indicator:
        """Build one indicator with its baseline and target."""
        k = "indicator"
        unit = self.vocab(Unit, item.get("unit"), "unit", iid, k, line) or Unit.NUMBER
        polarity = self.vocab(Polarity, item.get("polarity"), "polarity", iid, k, line)
        baseline = target = None
        raw_base = item.get("baseline")
        if isinstance(raw_base, Mapping):
            value = self.number(raw_base.get("value"), "baseline value", iid, k, line)
            if value is not None:
                period = self.period(raw_base.get("period"), "baseline period", iid, k, line)
                baseline = Baseline(value=value, period=period)
        elif not is_blank(raw_base):
            value = self.number(raw_base, "baseline", iid, k, line)
            baseline = Baseline(value=value) if value is not None else None
        raw_target = item.get("target")
        if isinstance(raw_target, Mapping):
            value = self.number(raw_target.get("value"), "target value", iid, k, line)
            op = str(raw_target.get("op", ">=")).strip()
            if op not in COMPARISONS:
                self.report(
                    "PLAN-006",
                    iid,
                    k,
                    f"indicator {iid}: target op {op!r} is not one of {', '.join(COMPARISONS)}",
                    line=line,
                    evidence={"field": "target.op", "value": op},
                )
                op = ">=" if polarity != Polarity.LOWER else "<="
            if value is not None:
                period = self.period(raw_target.get("period"), "target period", iid, k, line)
                target = Target(value=value, period=period, op=op)
        elif not is_blank(raw_target):
            value = self.number(raw_target, "target", iid, k, line)
            if value is not None:
                op = "<=" if polarity == Polarity.LOWER else ">="
                target = Target(value=value, op=op)
        compute = item.get("compute")
        self.units[iid] = unit
        return Indicator(
            id=iid,
            name=text_or_none(item.get("name")) or "",
            level=self.vocab(IndicatorLevel, item.get("level"), "level", iid, k, line),
            unit=unit,
            polarity=polarity or Polarity.HIGHER,
            baseline=baseline,
            target=target,
            frequency=self.vocab(Frequency, item.get("frequency"), "frequency", iid, k, line),
            calendar=bool(item.get("calendar", False)),
            source=text_or_none(item.get("source")),
            owner=text_or_none(item.get("owner")),
            pillar=self.vocab(Pillar, item.get("pillar"), "pillar", iid, k, line),
            compute=dict(compute) if isinstance(compute, Mapping) else None,
            aggregation=self.vocab(
                Aggregation, item.get("aggregation"), "aggregation", iid, k, line
            )
            or Aggregation.LATEST,
            due_days=self.whole(item.get("due_days"), "due_days", iid, k, line),
            agencies=self.ids(item.get("agencies")),
            from_return=self.return_source(item.get("from_return"), iid, line),
            definition=text_or_none(item.get("definition")),
            scope=text_or_none(item.get("scope")),
            standard=self.standard(item.get("standard"), iid, line),
            shortfall=self.shortfall(item.get("shortfall"), unit, iid, line),
            line=line,
        )

    def standard(self, raw: object, iid: str, line: int | None) -> Standard | None:
        """Read ``standard: 15`` or ``standard: {value: 15, source: ...}``; a value that is not
        a number is a PLAN-009 finding and left out."""
        if is_blank(raw):
            return None
        given: Mapping[str, Any] = raw if isinstance(raw, Mapping) else {"value": raw}
        field = "standard value" if isinstance(raw, Mapping) else "standard"
        value = self.number(given.get("value"), field, iid, "indicator", line)
        if value is None:
            return None
        return Standard(value=value, source=text_or_none(given.get("source")))

    def shortfall(self, raw: object, unit: Unit, iid: str, line: int | None) -> str | None:
        """Read ``shortfall: relative`` or ``points``: anything else, or points on an indicator
        that is not a percentage, is a PLAN-006 finding, and the scheme's measure is used."""
        if is_blank(raw):
            return None
        value = normalise(str(raw))
        allowed = ", ".join(SHORTFALL_MEASURES)
        if value not in SHORTFALL_MEASURES:
            problem = f"shortfall {raw!r} is not known; use one of: {allowed}"
        elif value == "points" and unit is not Unit.PERCENT:
            problem = (
                f"shortfall 'points' (percentage points) is for unit percent, not {unit.value}"
            )
        else:
            return value
        self.report(
            "PLAN-006",
            iid,
            "indicator",
            f"indicator {iid}: {problem}; the scheme's shortfall is used",
            line=line,
            evidence={"field": "shortfall", "value": str(raw), "allowed": allowed},
        )
        return None

    def whole(self, raw: object, field: str, subject: str, kind: str, line: int | None) -> Any:
        """Read a whole number of zero or more; anything else is a finding and left out."""
        value = self.number(raw, field, subject, kind, line)
        if value is None:
            return None
        if value < 0 or value != int(value):
            self.report(
                "PLAN-004",
                subject,
                kind,
                f"{kind} {subject}: {field} must be a whole number of zero or more, "
                f"found {value:g}",
                line=line,
                evidence={"field": field, "value": str(raw)},
            )
            return None
        return int(value)

    def return_source(self, raw: object, iid: str, line: int | None) -> ReturnSource | None:
        """Read ``from_return: {schema: NAME, column: COLUMN}``; a partial one is a finding."""
        if is_blank(raw):
            return None
        schema = text_or_none(raw.get("schema")) if isinstance(raw, Mapping) else None
        column = text_or_none(raw.get("column")) if isinstance(raw, Mapping) else None
        if schema is None or column is None:
            self.report(
                "PLAN-009",
                iid,
                "indicator",
                f"indicator {iid}: from_return needs a schema and a column, "
                "e.g. {schema: pre-nrm-monitoring, column: new_service_users}",
                line=line,
                evidence={"field": "from_return", "value": str(raw)},
            )
            return None
        return ReturnSource(schema=schema, column=column.strip().lower().replace(" ", "_"))

    def observation(self, item: Mapping[str, Any], line: int | None) -> Observation | None:
        """Build one observation; one without an indicator or period is reported and left out."""
        indicator = text_or_none(item.get("indicator"))
        label = f"{indicator or '?'}@{item.get('period', '?')}"
        period = self.period(item.get("period"), "period", label, "observation", line)
        if indicator is None or period is None:
            missing = "indicator" if indicator is None else "period"
            if missing == "indicator" or is_blank(item.get("period")):
                self.report(
                    "PLAN-007",
                    label,
                    "observation",
                    f"observation at line {line} has no {missing}; it is left out",
                    line=line,
                    evidence={"item": {k: str(v) for k, v in item.items()}},
                )
            return None
        k = "observation"
        qualitative = self.units.get(indicator) == Unit.TEXT
        raw = item.get("value")
        return Observation(
            indicator=indicator,
            period=period,
            value=None if qualitative else self.number(raw, "value", label, k, line),
            text=text_or_none(raw) if qualitative else None,
            rag=self.vocab(Rag, item.get("rag"), "rag", label, k, line),
            agency=text_or_none(item.get("agency")),
            comment=text_or_none(item.get("comment")),
            line=line,
        )

    def risk(self, item: Mapping[str, Any], rid: str, line: int | None) -> Risk:
        """Build one risk; its scores are kept as written for the risk scheme to check.

        ``objectives`` and ``actions`` are checked with the other references (PLAN-002);
        an impossible ``review_by`` date is PLAN-005 and left out.
        """
        scores = item.get("scores")
        return Risk(
            id=rid,
            statement=text_or_none(item.get("statement")) or "",
            level=text_or_none(item.get("level")),
            scheme=text_or_none(item.get("scheme")),
            scores=dict(scores) if isinstance(scores, Mapping) else {},
            confidence=text_or_none(item.get("confidence")),
            owner=text_or_none(item.get("owner")),
            mitigation=text_or_none(item.get("mitigation")),
            objectives=self.ids(item.get("objectives")),
            actions=self.ids(item.get("actions")),
            review_by=self.date(item.get("review_by"), "review_by", rid, "risk", line),
            line=line,
        )

    def assumption(self, item: Mapping[str, Any], aid: str, line: int | None) -> Assumption:
        """Build one assumption."""
        return Assumption(
            id=aid,
            statement=text_or_none(item.get("statement")) or "",
            links=self.ids(item.get("links")),
            indicator=text_or_none(item.get("indicator")),
            line=line,
        )

    def evidence(self, item: Mapping[str, Any], eid: str, line: int | None) -> Evidence:
        """Build one entry of qualitative evidence; consent is given only by ``true``."""
        k = "evidence"
        consent = item.get("consent", False)
        if not isinstance(consent, bool):
            self.report(
                "PLAN-006",
                eid,
                k,
                f"evidence {eid}: consent must be true or false, found {consent!r}; "
                "it is read as false, so the summary is not quoted",
                line=line,
                evidence={"field": "consent", "value": str(consent)},
            )
            consent = False
        return Evidence(
            id=eid,
            kind=self.vocab(EvidenceKind, item.get("kind"), "kind", eid, k, line)
            or EvidenceKind.OTHER,
            date=self.date(item.get("date"), "date", eid, k, line),
            summary=text_or_none(item.get("summary")) or "",
            source=text_or_none(item.get("source")),
            consent=consent,
            links=self.ids(item.get("links")),
            line=line,
        )

    # -- sections -----------------------------------------------------------------------
    def section(self, data: Mapping[str, Any], name: str) -> list[Any]:
        """Read one list section; each item is built by the matching item reader."""
        raw = data.get(name)
        if raw is None:
            return []
        if not isinstance(raw, list):
            raise PlanError(
                f"{self.source or 'plan'}: '{name}' must be a list of items, "
                f"found {type(raw).__name__}"
            )
        builders: dict[str, Callable[[Mapping[str, Any], str, int | None], Any]] = {
            "objectives": self.objective,
            "actions": self.action,
            "chain": self.chain_node,
            "indicators": self.indicator,
            "risks": self.risk,
            "assumptions": self.assumption,
            "evidence": self.evidence,
        }
        items: list[Any] = []
        for index, item in enumerate(raw, start=1):
            if not isinstance(item, Mapping):
                raise PlanError(
                    f"{self.source or 'plan'}: item {index} of '{name}' must be a mapping of "
                    f"fields, found {item!r}"
                )
            line = getattr(item, "line", None)
            item, repeats = without_repeats(item)
            if repeats:
                label = f"observation {index}" if name == "observations" else f"{name}[{index}]"
                self.repeated(repeats, name, text_or_none(item.get("id")) or label)
            if name == "observations":
                self.check_fields(item, name, f"observation {index}")
                built = self.observation(item, line)
            else:
                item_id = text_or_none(item.get("id"))
                if item_id is None:
                    self.report(
                        "PLAN-007",
                        f"{name}[{index}]",
                        _KIND[name],
                        f"item {index} of '{name}' (line {line}) has no id; it is left out",
                        line=line,
                        evidence={"item": {k: _repeatable(name, k, v) for k, v in item.items()}},
                        suggestion="Give every item a short unique id such as O1 or A3",
                    )
                    continue
                self.check_fields(item, name, item_id)
                built = builders[name](item, item_id, line)
            if built is not None:
                items.append(built)
        return items

    def repeated(self, repeats: list[Repeat], section: str, subject: str) -> None:
        """A key given twice in an item is a PLAN-011 finding; neither value is read."""
        for key, first, line in repeats:
            lines = f"on line {line}" if first == line else f"(lines {first} and {line})"
            self.report(
                "PLAN-011",
                subject,
                _KIND[section],
                f"{_KIND[section]} {subject}: '{key}' is given twice {lines}; neither value is "
                "read",
                line=line,
                evidence={"field": key, "lines": [first, line]},
                suggestion=f"Keep one '{key}' and delete the other",
            )

    def plan(self, data: object) -> Plan:
        """Build the whole plan and run the cross-reference checks.

        A top-level key given twice (two ``actions:`` sections) is a :class:`PlanError`: a whole
        section would be lost, so the plan cannot be read as its author wrote it.
        """
        if not isinstance(data, Mapping):
            raise PlanError(
                f"{self.source or 'plan'}: expected a mapping with 'partnership', 'objectives', "
                f"'actions', ...; found {type(data).__name__}"
            )
        if isinstance(data, LineDict) and data.repeats:
            key, first, line = data.repeats[0]
            raise PlanError(
                f"{self.source or 'plan'}: '{key}' is given twice (lines {first} and {line}); "
                "merge the two into one"
            )
        partnership = text_or_none(data.get("partnership"))
        if partnership is None:
            raise PlanError(f"{self.source or 'plan'}: the plan has no 'partnership' name")
        for key in sorted(set(data) - _TOP_FIELDS):
            close = difflib.get_close_matches(key, sorted(_TOP_FIELDS), n=1)
            self.report(
                "PLAN-008",
                partnership,
                "plan",
                f"plan field '{key}' is not part of the plan format"
                + (f"; did you mean '{close[0]}'?" if close else "")
                + " Its value is ignored",
                line=None,
                evidence={"field": key},
            )
        self.year = self.period(data.get("year"), "year", partnership, "plan", None)
        pillar_set = normalise(str(data.get("pillar_set") or data.get("pillars") or "4ps"))
        if pillar_set not in PILLAR_SETS:
            self.report(
                "PLAN-006",
                partnership,
                "plan",
                f"pillar set {pillar_set!r} is not known; using 4ps",
                line=None,
                evidence={"value": pillar_set, "allowed": sorted(PILLAR_SETS)},
            )
            pillar_set = "4ps"
        sections = {name: self.section(data, name) for name in _SECTIONS}
        plan = Plan(
            partnership=partnership,
            vision=text_or_none(data.get("vision")) or "",
            year=self.year,
            pillar_set=pillar_set,
            source=self.source,
            **sections,
        )
        check_references(plan, self)
        return attrs.evolve(plan, issues=tuple(self.issues))


def check_references(plan: Plan, reader: PlanReader) -> None:
    """Report duplicate ids (PLAN-001), dangling references (PLAN-002) and foreign pillars."""
    seen: dict[str, str] = {}
    groups: Iterable[tuple[str, Iterable[Any]]] = (
        ("objective", plan.objectives),
        ("action", plan.actions),
        ("chain-node", plan.chain),
        ("indicator", plan.indicators),
        ("risk", plan.risks),
        ("assumption", plan.assumptions),
        ("evidence", plan.evidence),
    )
    for kind, items in groups:
        for item in items:
            if item.id in seen:
                reader.report(
                    "PLAN-001",
                    item.id,
                    kind,
                    f"id {item.id} is used twice (a {seen[item.id]} and a {kind})",
                    line=item.line,
                    evidence={"id": item.id, "first": seen[item.id], "second": kind},
                    suggestion="Give every objective, action, node, indicator, risk and "
                    "assumption its own id",
                )
            else:
                seen[item.id] = kind
    objectives = {o.id for o in plan.objectives}
    indicators = {i.id for i in plan.indicators}
    chain_sources = {a.id for a in plan.actions} | {n.id for n in plan.chain}

    def dangling(kind: str, item: Any, field: str, ref: str, allowed: set[str], what: str) -> None:
        if ref in allowed:
            return
        close = difflib.get_close_matches(ref, sorted(allowed), n=1)
        reader.report(
            "PLAN-002",
            item.id,
            kind,
            f"{kind} {item.id}: {field} refers to {what} {ref!r}, which is not in the plan"
            + (f"; did you mean '{close[0]}'?" if close else ""),
            line=item.line,
            evidence={"field": field, "reference": ref},
            suggestion=f"Add {what} {ref} to the plan or correct the reference",
        )

    for o in plan.objectives:
        for ref in o.indicators:
            dangling("objective", o, "indicators", ref, indicators, "indicator")
    for a in plan.actions:
        if a.objective is not None:
            dangling("action", a, "objective", a.objective, objectives, "objective")
    for n in plan.chain:
        for ref in n.sources:
            dangling("chain-node", n, "from", ref, chain_sources, "action or chain node")
        for ref in n.indicators:
            dangling("chain-node", n, "indicators", ref, indicators, "indicator")
    action_ids = {a.id for a in plan.actions}
    for r in plan.risks:
        for ref in r.objectives:
            dangling("risk", r, "objectives", ref, objectives, "objective")
        for ref in r.actions:
            dangling("risk", r, "actions", ref, action_ids, "action")
    for s in plan.assumptions:
        for ref in s.links:
            dangling("assumption", s, "links", ref, chain_sources, "action or chain node")
        if s.indicator is not None:
            dangling("assumption", s, "indicator", s.indicator, indicators, "indicator")
    linkable = objectives | indicators | chain_sources
    for e in plan.evidence:
        for ref in e.links:
            dangling("evidence", e, "links", ref, linkable, "objective, action or indicator")
    for obs in plan.observations:
        if obs.indicator not in indicators:
            reader.report(
                "PLAN-002",
                obs.id,
                "observation",
                f"observation {obs.id} is for indicator {obs.indicator!r}, not in the plan",
                line=obs.line,
                evidence={"reference": obs.indicator},
            )
    allowed_pillars = set(plan.pillars)
    for kind, items in (("objective", plan.objectives), ("indicator", plan.indicators)):
        for item in items:
            if item.pillar is not None and item.pillar not in allowed_pillars:
                reader.report(
                    "PLAN-006",
                    item.id,
                    kind,
                    f"{kind} {item.id}: pillar '{item.pillar}' is not in the plan's pillar set "
                    f"{plan.pillar_set} ({', '.join(plan.pillars)})",
                    line=item.line,
                    evidence={"pillar": item.pillar, "pillar_set": plan.pillar_set},
                )


def plan_from_mapping(data: object, *, source: str | None = None) -> Plan:
    """Build a Plan from parsed plan data (a mapping as in a plan file)."""
    return PlanReader(source).plan(data)
