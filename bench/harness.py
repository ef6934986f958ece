"""Benchmark harness: a throwaway database, modules bench/bench_*.py in name order, a printed table
and bench/results.json.

Every figure is a ratio to a baseline measured in the same run on the same machine and database, so
results from a laptop and a CI runner can be compared; bare seconds alone mean nothing.

A module exposes `run(ctx: Context) -> list[Result]`. Timing is server time through Django's test
Client (no network, no browser), so the figures are about our code, not the wire.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import json
import math
import os
import platform
import statistics
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.test import Client

BENCH_DIR = Path(__file__).resolve().parent
DEFAULT_OUTPUT = BENCH_DIR / "results.json"
MODULE_PREFIX = "bench_"
# The test Client's requests carry this host: it is in the default ALLOWED_HOSTS and is the demo Site.
SERVER_NAME = "localhost"


class BenchmarkError(Exception):
    """A benchmark could not measure what it claims to (wrong status, missing content, bad input)."""


@dataclass
class Result:
    """One measured subject against its baseline, both timed in the same run."""

    name: str  # e.g. "home page"
    subject_seconds: float  # median of repeats
    baseline_name: str  # e.g. "bare Wagtail page"
    baseline_seconds: float
    queries: int | None = None  # queries of the subject
    baseline_queries: int | None = None
    extra: dict = field(default_factory=dict)  # any other figures (p50, p95, counts...)

    @property
    def ratio(self) -> float:
        """Subject time over baseline time: 1.0 means "costs what the baseline costs"."""
        if self.baseline_seconds <= 0:
            raise BenchmarkError(
                f"The baseline of {self.name!r} took {self.baseline_seconds} s; a ratio needs a "
                "positive baseline time."
            )
        return self.subject_seconds / self.baseline_seconds


class Context:
    """What a benchmark module gets: the run's settings and honest measuring tools."""

    def __init__(self, *, quick: bool, database_vendor: str | None = None):
        from django.db import connection

        self.quick = quick
        self.database_vendor = database_vendor or connection.vendor

    def sample_seconds(
        self, fn: Callable[[], Any], *, repeat: int = 15, warmup: int = 3
    ) -> list[float]:
        """Wall time of `repeat` calls of fn, after `warmup` untimed calls (caches, lazy imports).

        The garbage collector is paused while timing, as timeit does, so that one unlucky collection
        does not land on one side of a ratio only.
        """
        if repeat < 1 or warmup < 0:
            raise BenchmarkError("repeat must be at least 1 and warmup at least 0.")
        for _ in range(warmup):
            fn()
        gc.collect()
        was_enabled = gc.isenabled()
        gc.disable()
        samples = []
        try:
            for _ in range(repeat):
                start = time.perf_counter()
                fn()
                samples.append(time.perf_counter() - start)
        finally:
            if was_enabled:
                gc.enable()
        return samples

    def paired_samples(
        self,
        subject: Callable[[], Any],
        baseline: Callable[[], Any],
        *,
        repeat: int = 15,
        warmup: int = 3,
    ) -> tuple[list[float], list[float]]:
        """Wall times of subject and baseline taken in alternation (subject, baseline, subject…),
        so that load from elsewhere on a shared machine falls on both sides of the ratio alike
        instead of on whichever block of samples it happened to coincide with."""
        if repeat < 1 or warmup < 0:
            raise BenchmarkError("repeat must be at least 1 and warmup at least 0.")
        for _ in range(warmup):
            subject()
            baseline()
        gc.collect()
        was_enabled = gc.isenabled()
        gc.disable()
        samples: tuple[list[float], list[float]] = ([], [])
        try:
            for _ in range(repeat):
                for fn, out in ((subject, samples[0]), (baseline, samples[1])):
                    start = time.perf_counter()
                    fn()
                    out.append(time.perf_counter() - start)
        finally:
            if was_enabled:
                gc.enable()
        return samples

    def median_seconds(self, fn: Callable[[], Any], *, repeat: int = 15, warmup: int = 3) -> float:
        """Median wall time of fn; the median shrugs off the odd slow call the mean would not."""
        return statistics.median(self.sample_seconds(fn, repeat=repeat, warmup=warmup))

    def count_queries(self, fn: Callable[[], Any]) -> int:
        """Number of SQL queries one call of fn runs on the default connection."""
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            fn()
        return len(captured.captured_queries)

    def client(self, user=None) -> Client:
        """A test Client (in-process, no network), logged in as `user` when one is given."""
        from django.test import Client

        client = Client(SERVER_NAME=SERVER_NAME)
        if user is not None:
            client.force_login(user)
        return client


def percentile(samples: Sequence[float], fraction: float) -> float:
    """The nearest-rank percentile (fraction 0.95 = p95) of a non-empty list of samples."""
    if not samples:
        raise BenchmarkError("A percentile needs at least one sample.")
    ordered = sorted(samples)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def available_modules() -> list[str]:
    """Every benchmark module, in name order (bench_a before bench_b)."""
    return sorted(path.stem for path in BENCH_DIR.glob(f"{MODULE_PREFIX}*.py"))


def select_modules(names: Sequence[str]) -> list[str]:
    """The modules asked for ("home", "bench_home" and "bench_home.py" all mean bench_home), in name
    order; all of them when no name is given."""
    available = available_modules()
    if not names:
        return available
    wanted = set()
    for name in names:
        stem = Path(name).stem
        module = stem if stem.startswith(MODULE_PREFIX) else f"{MODULE_PREFIX}{stem}"
        if module not in available:
            raise BenchmarkError(
                f"There is no benchmark called {name!r}. Available: {', '.join(available) or 'none'}."
            )
        wanted.add(module)
    return [module for module in available if module in wanted]


def run_modules(module_names: Sequence[str], ctx: Context) -> tuple[list[dict], list[str]]:
    """Run each module on the current database; a failing module is reported and the rest still
    run. Returns (records for results.json, names of the modules that failed)."""
    records: list[dict] = []
    failed: list[str] = []
    for module_name in module_names:
        print(f"Running {module_name}{' (quick)' if ctx.quick else ''}…", flush=True)
        try:
            module = importlib.import_module(f"bench.{module_name}")
            results = module.run(ctx)
            if not isinstance(results, list) or not all(isinstance(r, Result) for r in results):
                raise BenchmarkError(f"{module_name}.run(ctx) must return a list of Result.")
            records.extend(_record(module_name, result, ctx) for result in results)
        except Exception:
            traceback.print_exc()
            failed.append(module_name)
    return records, failed


def _versions() -> dict[str, str]:
    import django
    import wagtail

    return {
        "python": platform.python_version(),
        "django": django.get_version(),
        "wagtail": wagtail.__version__,
    }


def _record(module_name: str, result: Result, ctx: Context) -> dict:
    return {
        "module": module_name,
        **asdict(result),
        "ratio": result.ratio,
        "database_vendor": ctx.database_vendor,
        "quick": ctx.quick,
        "timestamp": datetime.now(UTC).isoformat(timespec="seconds"),
        **_versions(),
    }


def _format_extra(extra: dict) -> str:
    parts = []
    for key, value in extra.items():
        parts.append(f"{key}={value:.3g}" if isinstance(value, float) else f"{key}={value}")
    return " ".join(parts)


def _format_queries(subject: int | None, baseline: int | None) -> str:
    def show(count):
        return "-" if count is None else str(count)

    return f"{show(subject)}/{show(baseline)}"


def format_table(records: Sequence[dict]) -> str:
    """The results as a plain-text table, one row per result."""
    headers = ["name", "subject ms", "baseline", "baseline ms", "ratio", "queries s/b", "extra"]
    rows = [
        [
            record["name"],
            f"{record['subject_seconds'] * 1000:.2f}",
            record["baseline_name"],
            f"{record['baseline_seconds'] * 1000:.2f}",
            f"{record['ratio']:.2f}x",
            _format_queries(record["queries"], record["baseline_queries"]),
            _format_extra(record["extra"]),
        ]
        for record in records
    ]
    widths = [max(len(str(row[i])) for row in [headers, *rows]) for i in range(len(headers))]
    numeric = {1, 3, 4, 5}

    def line(cells):
        return "  ".join(
            str(cell).rjust(widths[i]) if i in numeric else str(cell).ljust(widths[i])
            for i, cell in enumerate(cells)
        ).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *map(line, rows)])


def run(names: Sequence[str] = (), *, quick: bool = False, output: Path = DEFAULT_OUTPUT) -> int:
    """Run the chosen modules on the database Django is connected to now, print the table and
    write `output`. Returns the exit status: 0 when every module succeeded."""
    modules = select_modules(names)
    ctx = Context(quick=quick)
    records, failed = run_modules(modules, ctx)
    print()
    print(
        f"Database: {ctx.database_vendor}. " + ", ".join(f"{k} {v}" for k, v in _versions().items())
    )
    print(format_table(records))
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(records, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"\nWrote {len(records)} result(s) to {output}")
    if failed:
        print(f"FAILED: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Run GovLearn benchmarks on a throwaway database; figures are ratios to a "
        "baseline measured in the same run.",
    )
    parser.add_argument(
        "names", nargs="*", help="modules to run, e.g. 'home' for bench_home.py (default: all)"
    )
    parser.add_argument("--quick", action="store_true", help="smaller sizes and fewer repeats")
    parser.add_argument(
        "--output", type=Path, default=DEFAULT_OUTPUT, help=f"JSON file (default: {DEFAULT_OUTPUT})"
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `python -m bench`: set Django up, create a throwaway test database (SQLite,
    or PostgreSQL via DATABASE_URL), run, and drop the database again."""
    args = parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.test.utils import setup_databases, teardown_databases

    try:
        select_modules(args.names)  # a typo fails now, not after a minute of migrations
    except BenchmarkError as error:
        print(error, file=sys.stderr)
        return 2
    print("Creating the benchmark database…", flush=True)
    old_config = setup_databases(
        verbosity=0, interactive=False, aliases={"default"}, serialized_aliases=set()
    )
    try:
        return run(args.names, quick=args.quick, output=args.output)
    finally:
        teardown_databases(old_config, verbosity=0)
