"""One plan through the whole default ruleset: the per-plan engine inside a case system.

A 200-action plan (with objectives, a results chain, indicators, observations and risks) is
evaluated warm, many times; the median time per evaluation is compared with a plain Python
loop doing only the action RAG rule over the same actions (target: under 2 ms per plan).  Two
leaner rulesets are timed too, and the hot spots of the evaluation are profiled with cProfile.
"""

from __future__ import annotations

import cProfile
import datetime as dt
import io
import pstats
import statistics
import time
from typing import Any

import numpy as np

__all__ = ["LEANER", "plan_mapping", "run"]

ACTIONS = 200
AS_OF = dt.date(2018, 11, 30)
_STATUSES = ["in-progress", "not-started", "complete", "cancelled"]
_PILLARS = ["pursue", "prevent", "protect", "prepare"]


def plan_mapping(actions: int = ACTIONS, seed: int = 200) -> dict[str, Any]:
    """A plan for one partnership year with ``actions`` actions (deterministic)."""
    rng = np.random.default_rng(seed)
    objectives = [
        {
            "id": f"O{i}",
            "statement": f"Increase the survivors supported into safe housing in area {i}",
            "pillar": _PILLARS[i % 4],
            "timescale": "2018-19",
            "indicators": [f"K{i}"],
        }
        for i in range(8)
    ]
    indicators = [
        {
            "id": f"K{i}",
            "name": f"Survivors supported in area {i}",
            "level": "outcome",
            "unit": "count",
            "baseline": {"value": 10},
            "target": {"value": 20, "period": "2018-19"},
        }
        for i in range(8)
    ]
    observations = [
        {"indicator": f"K{i}", "period": f"2018-19 Q{q}", "value": int(rng.integers(2, 8))}
        for i in range(8)
        for q in (1, 2)
    ]
    rows = []
    for i in range(actions):
        start = dt.date(2018, 4, 1) + dt.timedelta(days=int(rng.integers(0, 200)))
        rows.append(
            {
                "id": f"A{i}",
                "statement": f"Deliver awareness training session {i} to frontline staff",
                "objective": f"O{i % 8}",
                "owner": "Partnership coordinator",
                "start": start,
                "due": start + dt.timedelta(days=int(rng.integers(30, 400))),
                "status": _STATUSES[int(rng.integers(0, 4))],
                "progress": int(rng.integers(0, 101)),
                "rag": ["green", "amber", "red"][int(rng.integers(0, 3))],
            }
        )
    return {
        "partnership": "Benchmark MSP",
        "year": "2018-19",
        "vision": "A county where modern slavery is identified, disrupted and survivors recover",
        "objectives": objectives,
        "actions": rows,
        "indicators": indicators,
        "observations": observations,
    }


def _plain_rag(actions: Any, as_of: dt.date) -> list[str | None]:
    """The action RAG rule alone, as a plain loop would write it."""
    out: list[str | None] = []
    for a in actions:
        status = a.status.value if a.status else None
        if status == "complete":
            out.append("blue")
            continue
        if status == "cancelled":
            out.append(None)
            continue
        if a.due is None:
            out.append("grey")
            continue
        days = (a.due - as_of).days
        progress = 0.0 if a.progress is None and status == "not-started" else a.progress
        gap = None
        if a.start and a.due > a.start and progress is not None:
            share = (as_of - a.start).days / (a.due - a.start).days
            gap = round(round(min(100.0, max(0.0, share * 100)), 1) - progress, 1)
        if days < 0 or (gap is not None and gap > 40):
            out.append("red")
        elif (gap is not None and gap > 15) or (days <= 14 and (progress is None or progress < 75)):
            out.append("amber")
        else:
            out.append("green")
    return out


def _median(run: Any, times: int) -> float:
    samples = []
    for _ in range(times):
        began = time.perf_counter()
        run()
        samples.append(time.perf_counter() - began)
    return statistics.median(samples)


def run(repeat: int = 200, top: int = 12) -> dict[str, Any]:
    """Median seconds per evaluation and per plain loop, their ratio, and the hot spots."""
    from aspcore import evaluate, get_plugins, plan_from_mapping

    plan = plan_from_mapping(plan_mapping())
    plugins = get_plugins()
    for _ in range(5):
        evaluate(plan, as_of=AS_OF, plugins=plugins)
    engine = _median(lambda: evaluate(plan, as_of=AS_OF, plugins=plugins), repeat)
    plain = _median(lambda: _plain_rag(plan.actions, AS_OF), repeat)
    leaner = {
        name: round(_median_with(plan, plugins, disabled, repeat) * 1000, 3)
        for name, disabled in LEANER.items()
    }
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(20):
        evaluate(plan, as_of=AS_OF, plugins=plugins)
    profile.disable()
    text = io.StringIO()
    pstats.Stats(profile, stream=text).sort_stats("tottime").print_stats(top)
    by_rule = _per_rule(plan, plugins)
    return {
        "actions": len(plan.actions),
        "engine_ms": round(engine * 1000, 3),
        "plain_loop_ms": round(plain * 1000, 4),
        "ratio_engine_to_plain": round(engine / plain, 1),
        "leaner_ms": leaner,
        "target_ms": 2.0,
        "per_rule_ms": by_rule,
        "profile": text.getvalue(),
    }


#: Leaner rulesets a case system might run, by what they leave out of the default one.
LEANER: dict[str, frozenset[str]] = {
    "without roll-ups and exception list": frozenset(
        {"RAG-020", "RAG-021", "RAG-022", "RAG-023", "RAG-030", "RAG-031"}
    ),
    "action RAG only (RAG-001)": frozenset(
        {"chain", "smart", "logframe", "risk", "indicators", "RAG-002", "RAG-010", "RAG-011"}
        | {"RAG-012", "RAG-020", "RAG-021", "RAG-022", "RAG-023", "RAG-030", "RAG-031"}
    ),
}


def _median_with(plan: Any, plugins: Any, disabled: frozenset[str], repeat: int) -> float:
    """Median seconds per evaluation under the default ruleset with ``disabled`` turned off."""
    import attrs

    from aspcore import evaluate
    from aspcore.rules.engine import resolve_ruleset

    default = resolve_ruleset(None, plugins)
    ruleset = attrs.evolve(default, disabled=default.disabled | disabled)
    for _ in range(5):
        evaluate(plan, as_of=AS_OF, ruleset=ruleset, plugins=plugins)
    return _median(lambda: evaluate(plan, as_of=AS_OF, ruleset=ruleset, plugins=plugins), repeat)


def _per_rule(plan: Any, plugins: Any) -> dict[str, float]:
    """Median milliseconds of each rule family's run over the plan (the slowest first)."""
    from aspcore import Registries, evaluate
    from aspcore.rules import Ruleset

    families = sorted({rule.family for rule in Registries.of(plugins).rules.values()})
    out: dict[str, float] = {}
    for family in families:
        others = frozenset(f for f in families if f != family)
        only = Ruleset(name="only", version="1", disabled=others)
        seconds = _median(lambda only=only: evaluate(plan, as_of=AS_OF, ruleset=only), 30)
        out[family] = round(seconds * 1000, 3)
    return dict(sorted(out.items(), key=lambda kv: -kv[1]))
