"""Large plans through the default ruleset: does the time per action stay flat as plans grow?

Builds plans of 10,000, 50,000 and 100,000 actions (with an objective per 100 actions, an
output per 10 actions, an outcome per objective and one impact, so the results chain is as
large as the action plan), evaluates each once in a fresh process and prints the seconds per
action of reading and evaluating it, with the peak memory.  The evaluation should be linear in
the plan's size: the ratio of the largest plan's time per action to the smallest's should be
near 1 (lookups by id are indexed once per plan and the graph walks visit each node once).

    python benchmarks/large_plan.py
    python benchmarks/large_plan.py --sizes 1000 5000
    python benchmarks/large_plan.py --csv --sizes 200000

``--csv`` writes each plan's actions as the spreadsheet a partnership keeps (ID, Action, Owner,
Timescale, Start, Due, Status, Progress, RAG Status) and reads it with ``load_plan``, so the
reading time and memory are those of a CSV plan of that many rows.

This is a benchmark to read, not a timed test: times depend on the machine.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_plan import plan_mapping
from harness import Sampler, run_isolated

__all__ = ["large_plan_mapping", "measure_size"]

SIZES = (10_000, 50_000, 100_000)
AS_OF = dt.date(2018, 11, 30)
_PILLARS = ["pursue", "prevent", "protect", "prepare"]


def large_plan_mapping(actions: int) -> dict[str, Any]:
    """``bench_plan``'s plan with ``actions`` actions, more objectives and a full results chain."""
    data = plan_mapping(actions)
    objectives = max(1, actions // 100)
    data["objectives"] = [
        {
            "id": f"O{i}",
            "statement": f"Increase the survivors supported into safe housing in area {i}",
            "pillar": _PILLARS[i % 4],
            "timescale": "2018-19",
            "indicators": [f"K{i % 8}"],
        }
        for i in range(objectives)
    ]
    for i, action in enumerate(data["actions"]):
        action["objective"] = f"O{i % objectives}"
    outputs = [
        {
            "id": f"OUT{j}",
            "level": "output",
            "statement": f"Frontline staff trained in group {j}",
            "from": [f"A{i}" for i in range(j * 10, min(actions, j * 10 + 10))],
            "indicators": [f"K{j % 8}"],
        }
        for j in range((actions + 9) // 10)
    ]
    outcomes = [
        {
            "id": f"OC{k}",
            "level": "outcome",
            "statement": f"Survivors in area {k} supported into safe housing",
            "from": [o["id"] for o in outputs[k::objectives]],
            "indicators": [f"K{k % 8}"],
        }
        for k in range(objectives)
    ]
    impact = {"id": "IM", "level": "impact", "from": [o["id"] for o in outcomes]}
    data["chain"] = [*outputs, *outcomes, impact]
    return data


def write_csv_plan(actions: int, folder: Path) -> Path:
    """``bench_plan``'s actions as a CSV action plan of ``actions`` rows, in ``folder``."""
    path = folder / f"plan-{actions}.csv"
    heads = ["ID", "Action", "Owner", "Timescale", "Start", "Due", "Status", "Progress"]
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow([*heads, "RAG Status"])
        for row in plan_mapping(actions)["actions"]:
            writer.writerow(
                [
                    row["id"],
                    row["statement"],
                    row["owner"],
                    row["due"].strftime("%B %Y"),
                    row["start"].isoformat(),
                    row["due"].isoformat(),
                    row["status"],
                    row["progress"],
                    row["rag"].title(),
                ]
            )
    return path


def measure_size(actions: int, from_csv: bool = False) -> dict[str, Any]:
    """Seconds to read and to evaluate a plan of ``actions`` actions, and the peak memory
    (of a CSV action plan read with ``load_plan`` when ``from_csv``)."""
    from aspcore import evaluate, get_plugins, load_plan, plan_from_mapping

    plugins = get_plugins()
    evaluate(plan_from_mapping(large_plan_mapping(100)), as_of=AS_OF, plugins=plugins)  # warm
    folder = tempfile.TemporaryDirectory()
    if from_csv:
        path = write_csv_plan(actions, Path(folder.name))
    else:
        data = large_plan_mapping(actions)
    with Sampler() as sampler:
        began = time.perf_counter()
        plan = load_plan(path) if from_csv else plan_from_mapping(data)
        read = time.perf_counter() - began
        began = time.perf_counter()
        result = evaluate(plan, as_of=AS_OF, plugins=plugins)
        evaluated = time.perf_counter() - began
    folder.cleanup()
    errors = sorted({f.rule for f in result.findings if f.rule in {"RULE-ERROR", "PLUGIN-001"}})
    return {
        "actions": actions,
        "read_s": read,
        "evaluate_s": evaluated,
        "findings": len(result.findings),
        "errors": errors,
        "peak_extra_mib": round(sampler.peak - sampler.start, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--csv", action="store_true", help="read each plan from a CSV file")
    args = parser.parse_args(argv)
    heads = {"read s": 8, "eval s": 8, "read µs/a": 10, "eval µs/a": 10, "peak MiB": 9}
    print(f"{'actions':>8} " + " ".join(f"{head:>{width}}" for head, width in heads.items()))
    per_action: dict[int, float] = {}
    for size in sorted(args.sizes):
        found = run_isolated(measure_size, size, args.csv)
        if "error" in found:
            print(f"{size:>8} failed: {found['error']}")
            continue
        per_action[size] = found["evaluate_s"] / size
        print(
            f"{size:>8} {found['read_s']:>8.2f} {found['evaluate_s']:>8.2f} "
            f"{found['read_s'] / size * 1e6:>10.1f} {per_action[size] * 1e6:>10.1f} "
            f"{found['peak_extra_mib']:>9.0f}"
            + (f"  errors: {', '.join(found['errors'])}" if found["errors"] else "")
        )
    if len(per_action) > 1:
        smallest, largest = min(per_action), max(per_action)
        ratio = per_action[largest] / per_action[smallest]
        print(
            f"evaluation time per action, {largest:,} actions to {smallest:,}: {ratio:.2f} "
            "(near 1 is linear)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
