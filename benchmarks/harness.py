"""Timing and memory for the benchmarks: each case in a fresh process, median of repeats.

A case runs in a child process so that its peak memory is its own: a thread samples the
process's resident memory every few milliseconds while the case runs, and the peak above the
memory held before it started (the loaded input) is reported next to the input's size.  Times are
the median of ``repeat`` runs after one warm-up run (which also checks the results).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import platform
import resource
import statistics
import threading
import time
import warnings
from collections.abc import Callable
from typing import Any

__all__ = ["Sampler", "machine", "measure", "rss_mib", "run_isolated"]


def rss_mib() -> float:
    """Resident memory of this process now, in MiB."""
    with open("/proc/self/statm", encoding="ascii") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


class Sampler:
    """Peak resident memory while a block runs, sampled every ``interval`` seconds."""

    def __init__(self, interval: float = 0.005) -> None:
        self.interval = interval
        self.peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, rss_mib())
            time.sleep(self.interval)

    def __enter__(self) -> Sampler:
        self.start = rss_mib()
        self.peak = self.start
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, rss_mib())


def measure(run: Callable[[], object], repeat: int) -> dict[str, float]:
    """Median seconds of ``repeat`` runs (after a warm-up) and the peak memory above the start."""
    with Sampler() as sampler:
        run()
        times = []
        for _ in range(repeat):
            began = time.perf_counter()
            run()
            times.append(time.perf_counter() - began)
    return {
        "seconds": statistics.median(times),
        "runs": repeat,
        "peak_extra_mib": round(sampler.peak - sampler.start, 1),
        "rss_before_mib": round(sampler.start, 1),
    }


def _child(target: Callable[..., dict[str, Any]], args: tuple[Any, ...], out: Any) -> None:
    # pandera imports pyspark.pandas when PySpark is installed (the test extra), which warns
    # about pandas 3 once per process: noise in the table, not a finding about the benchmark.
    warnings.filterwarnings("ignore", "PySpark does not yet fully support", FutureWarning)
    try:
        out.send({"ok": True, "result": target(*args)})
    except BaseException as exc:  # reported to the parent, which prints it in the table
        out.send({"ok": False, "error": f"{type(exc).__name__}: {exc}"})


def run_isolated(target: Callable[..., dict[str, Any]], *args: Any) -> dict[str, Any]:
    """``target(*args)`` in a fresh process; its dict result, or ``{"error": ...}``."""
    ctx = multiprocessing.get_context("spawn")
    receive, send = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_child, args=(target, args, send))
    process.start()
    message = receive.recv()
    process.join()
    return message["result"] if message["ok"] else {"error": message["error"]}


def machine() -> dict[str, Any]:
    """What the numbers were measured on."""
    import duckdb
    import narwhals
    import pandas
    import polars

    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(memory, 1),
        "python": platform.python_version(),
        "polars": polars.__version__,
        "pandas": pandas.__version__,
        "duckdb": duckdb.__version__,
        "narwhals": narwhals.__version__,
        "max_rss_limit": resource.getrlimit(resource.RLIMIT_AS)[0],
    }


def dump(path: str, data: dict[str, Any]) -> None:
    """Write ``data`` as indented JSON."""
    with open(path, "w", encoding="utf-8") as file:
        json.dump(data, file, indent=2, default=str)
        file.write("\n")
