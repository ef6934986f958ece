"""The benchmark harness, run in-process on the test database: it must write honest, complete
results. Wall time is never asserted, only the arithmetic and the shape of what is reported."""

import json

import pytest

from bench import harness
from bench.harness import BenchmarkError, Context, Result

RECORD_KEYS = {
    "module",
    "name",
    "subject_seconds",
    "baseline_name",
    "baseline_seconds",
    "ratio",
    "queries",
    "baseline_queries",
    "extra",
    "database_vendor",
    "quick",
    "timestamp",
    "python",
    "django",
    "wagtail",
}


def test_home_benchmark_writes_ratios_to_a_same_run_baseline(db, tmp_path, capsys):
    output = tmp_path / "results.json"

    status = harness.run(["home"], quick=True, output=output)

    assert status == 0
    records = json.loads(output.read_text(encoding="utf-8"))
    assert [r["name"] for r in records] == ["home page, anonymous", "home page, learner logged in"]
    from django.db import connection

    for record in records:
        assert set(record) == RECORD_KEYS
        assert record["module"] == "bench_home"
        assert record["quick"] is True
        assert record["database_vendor"] == connection.vendor
        assert record["baseline_name"].startswith("bare Wagtail page")
        assert record["subject_seconds"] > 0
        assert record["baseline_seconds"] > 0
        assert record["ratio"] == pytest.approx(
            record["subject_seconds"] / record["baseline_seconds"]
        )
        assert record["queries"] >= 1
        assert record["baseline_queries"] >= 1
        # The home page may need fewer queries than the bare page: what every visitor shares
        # (sections, the language switch) comes from the cache; the counts are reported, not equal.
        assert record["extra"]["repeat"] == 15  # paired samples, quick size
        assert record["extra"]["kb"] > record["extra"]["baseline_kb"]
    printed = capsys.readouterr().out
    assert "home page, anonymous" in printed
    assert "bare Wagtail page" in printed


def test_ratio_is_subject_over_baseline_and_refuses_a_zero_baseline():
    result = Result(name="x", subject_seconds=0.3, baseline_name="y", baseline_seconds=0.1)
    assert result.ratio == pytest.approx(3.0)
    with pytest.raises(BenchmarkError):
        _ = Result(name="x", subject_seconds=0.3, baseline_name="y", baseline_seconds=0).ratio


def test_count_queries_counts_the_queries_one_call_runs(db):
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    ctx = Context(quick=True)
    assert ctx.count_queries(lambda: None) == 0
    assert ctx.count_queries(lambda: (users.count(), users.exists())) == 2


def test_median_seconds_times_every_repeat_after_the_warmup(db):
    calls = []
    ctx = Context(quick=True)
    samples = ctx.sample_seconds(lambda: calls.append(1), repeat=4, warmup=2)
    assert len(samples) == 4
    assert len(calls) == 6
    assert ctx.median_seconds(lambda: None, repeat=3, warmup=0) >= 0


def test_module_names_select_benchmarks_and_a_typo_is_a_clear_error():
    assert harness.select_modules(["home"]) == ["bench_home"]
    assert harness.select_modules(["bench_home.py"]) == ["bench_home"]
    assert harness.select_modules([]) == harness.available_modules()
    assert harness.available_modules() == sorted(harness.available_modules())
    with pytest.raises(BenchmarkError, match="There is no benchmark called 'hom'"):
        harness.select_modules(["hom"])


def test_a_failing_module_is_reported_and_fails_the_run(db, tmp_path, monkeypatch):
    def broken(ctx):
        raise RuntimeError("boom")

    import bench.bench_home

    monkeypatch.setattr(bench.bench_home, "run", broken)
    output = tmp_path / "results.json"
    assert harness.run(["home"], quick=True, output=output) == 1
    assert json.loads(output.read_text(encoding="utf-8")) == []


def test_imports_benchmark_reports_the_bomb_refusal_against_a_small_sheet(db, tmp_path):
    output = tmp_path / "results.json"

    status = harness.run(["imports"], quick=True, output=output)

    assert status == 0  # the module checks the bomb was refused with the right problem
    [record] = json.loads(output.read_text(encoding="utf-8"))
    assert record["module"] == "bench_imports"
    assert record["baseline_name"].startswith("small normal sheet")
    extra = record["extra"]
    assert extra["bomb_inflated_mb"] == 1024
    assert extra["bomb_file_mb"] < 2
    # Memory is deterministic for a given file, unlike time: refusing costs less than reading.
    assert 0 < extra["peak_mb"] < extra["baseline_peak_mb"]
    assert extra["peak_ratio"] == pytest.approx(extra["peak_mb"] / extra["baseline_peak_mb"])
