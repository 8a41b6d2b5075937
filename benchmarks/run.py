"""Run every benchmark, print a table of the ratios against their targets, and write JSON.

    python benchmarks/run.py            # the full run: 1M and 10M actions, 10M case events
    python benchmarks/run.py --quick    # a smoke run on small sizes
    python benchmarks/run.py --only actions plan

Data is generated deterministically (``data.py``) into ``build/bench-data`` the first time and
reused.  Results go to ``build/bench.json`` (``--json`` to change).  See docs/performance.md.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_actions
import bench_findings
import bench_indicators
import bench_plan
import bench_validation
from harness import dump, machine

ROOT = Path(__file__).resolve().parents[1]
SECTIONS = ("actions", "findings", "plan", "indicators", "validation")


def _action_files(sizes: list[int], folder: Path) -> dict[int, Path]:
    from data import actions

    folder.mkdir(parents=True, exist_ok=True)
    files = {}
    for rows in sizes:
        path = folder / f"actions-{rows}.parquet"
        if not path.exists():
            actions(rows).write_parquet(path)
        files[rows] = path
    return files


def _fmt(value: Any, unit: str = "") -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.3f}{unit}" if value < 100 else f"{value:,.0f}{unit}"
    return f"{value}{unit}"


def _row(name: str, result: dict[str, Any], target: str = "", ratio: Any = None) -> list[str]:
    if "error" in result:
        return [name, "-", "-", "-", result["error"], ""]
    return [
        name,
        _fmt(result.get("seconds"), " s"),
        _fmt(result.get("input_mib"), " MiB"),
        _fmt(result.get("peak_extra_mib"), " MiB"),
        _fmt(ratio),
        target,
    ]


def _against(
    rows: list[list[str]],
    baseline: tuple[str, dict[str, Any]],
    ours: tuple[str, dict[str, Any]],
    target: str,
    ratio: Any,
) -> None:
    """A baseline's row, then aspcore's row with its ratio to the baseline and the target."""
    rows.append(_row(*baseline))
    rows.append(_row(*ours, target, ratio))


def table(results: dict[str, Any]) -> str:
    """The results as a plain-text table."""
    rows = [["case", "median time", "input", "peak extra memory", "ratio", "target"]]
    for size, case in results.get("actions", {}).items():
        n = f"{int(size):,}"
        for detail, target in bench_actions.TARGETS.items():
            _against(
                rows,
                (
                    f"actions {n}, {detail}: hand-written polars",
                    case[f"handwritten_polars_{detail}"],
                ),
                (f"actions {n}, {detail}: aspcore polars", case[f"aspcore_polars_{detail}"]),
                f"aspcore >= {target}x its speed",
                case.get(f"speed_vs_handwritten_{detail}"),
            )
        engine = case["rule_engine"]
        rows.append(
            [
                f"actions {n}: rule-engine (per row)",
                _fmt(engine.get("extrapolated_seconds"), " s*"),
                "",
                "",
                _fmt(case.get("speedup_vs_rule_engine")),
                "aspcore (colour) >= 100x faster",
            ]
        )
        rows.append(
            [
                f"actions {n}: rule-engine vs aspcore with reasons",
                "",
                "",
                "",
                _fmt(case.get("speedup_vs_rule_engine_with_reasons")),
                "",
            ]
        )
        rows.append(
            _row(
                f"actions {n}: aspcore DuckDB, with reasons",
                case["aspcore_duckdb"],
                "<= 2x polars' time",
                case.get("duckdb_vs_polars"),
            )
        )
        if "aspcore_pandas" in case:
            rows.append(
                _row(
                    f"actions {n}: aspcore pandas, with reasons",
                    case["aspcore_pandas"],
                    "<= 5x polars' time",
                    case.get("pandas_vs_polars"),
                )
            )
        rows.append(
            [
                f"actions {n}: rows differing from hand-written",
                "",
                "",
                "",
                _fmt(case["agreement"].get("differing_rows")),
                "0",
            ]
        )
    for size, case in results.get("findings", {}).items():
        n = f"{int(size):,}"
        agreement = case["agreement"]
        _against(
            rows,
            (f"when rule {n} actions: hand-written polars", case["handwritten_polars"]),
            (f"when rule {n} actions: aspcore batch.findings", case["aspcore"]),
            "aspcore >= 0.7x its speed",
            case.get("speed_vs_handwritten"),
        )
        same = agreement.get("same")
        rows.append(
            [
                f"  {agreement.get('findings', '-')} findings, the same rows",
                "",
                "",
                "",
                "yes" if same else "NO",
                "yes",
            ]
        )
    plan = results.get("plan")
    if plan:
        rows.append(
            [
                f"one plan, {plan['actions']} actions: whole default ruleset",
                _fmt(plan["engine_ms"], " ms"),
                "",
                "",
                _fmt(plan["ratio_engine_to_plain"]),
                "< 2 ms per plan",
            ]
        )
        rows.append(
            [
                "  plain Python loop, RAG rule only",
                _fmt(plan["plain_loop_ms"], " ms"),
                "",
                "",
                "",
                "",
            ]
        )
        for name, ms in plan.get("leaner_ms", {}).items():
            rows.append([f"  {name}", _fmt(ms, " ms"), "", "", "", ""])
    indicators = results.get("indicators")
    if indicators:
        n = f"{indicators['rows']:,}"
        _against(
            rows,
            (f"indicators {n} events: hand-written polars", indicators["handwritten_polars"]),
            (f"indicators {n} events: aspcore", indicators["aspcore"]),
            "aspcore >= 0.7x its speed",
            indicators.get("speed_vs_handwritten"),
        )
        rows.append(
            _row(
                "  aspcore with its data-quality checks",
                indicators["aspcore_with_data_checks"],
            )
        )
        rows.append(
            [
                "  cells differing from hand-written",
                _fmt(indicators["aspcore"].get("cells_differing_from_handwritten")),
                "",
                "",
                "",
                "0",
            ]
        )
    validation = results.get("validation")
    if validation:
        n = f"{validation['rows']:,}"
        valid = validation["valid_return"]
        _against(
            rows,
            (f"validate {n} rows: bare pandera", valid["bare_pandera"]),
            (f"validate {n} rows: aspcore", valid["aspcore"]),
            "overhead < 0.30",
            valid.get("overhead"),
        )
        failing = validation["failing_return"]
        f = f"{validation['failures']:,}"
        rows.append(_row(f"report {f} failures: bare pandera", failing["bare_pandera"]))
        rows.append(_row(f"report {f} failures: aspcore", failing["aspcore"]))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)) for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    note = "* rule-engine timed on a sample of rows; its time per row is extrapolated to the size."
    return "\n".join([*lines, "", note])


def main(argv: list[str] | None = None) -> int:
    """Run the chosen sections; print the table and the JSON file's path."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    parser.add_argument("--only", nargs="+", choices=SECTIONS, default=list(SECTIONS))
    parser.add_argument("--json", type=Path, default=ROOT / "build" / "bench.json")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per case (median)")
    args = parser.parse_args(argv)
    sizes = [100_000, 1_000_000] if args.quick else [1_000_000, 10_000_000]
    results: dict[str, Any] = {"machine": machine(), "quick": args.quick}
    began = time.time()
    if "actions" in args.only:
        files = _action_files(sizes, ROOT / "build" / "bench-data")
        results["actions"] = bench_actions.run(files, args.repeat)
    if "findings" in args.only:
        files = _action_files(sizes[:1], ROOT / "build" / "bench-data")
        results["findings"] = bench_findings.run(files, args.repeat)
    if "plan" in args.only:
        results["plan"] = bench_plan.run(repeat=50 if args.quick else 200)
    if "indicators" in args.only:
        events = 1_000_000 if args.quick else 10_000_000
        results["indicators"] = bench_indicators.run(events, max(1, args.repeat - 2))
    if "validation" in args.only:
        rows, bad = (100_000, 10_000) if args.quick else (1_000_000, 100_000)
        results["validation"] = bench_validation.run(rows, bad, args.repeat)
    results["wall_seconds"] = round(time.time() - began, 1)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    dump(str(args.json), results)
    print(table(results))
    print(f"\nJSON: {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
