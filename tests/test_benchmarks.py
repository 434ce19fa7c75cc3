"""Smoke versions of `make bench` and `make loadtest` (S = 0.01, a few requests, seconds of load), so that the
harness cannot rot: gunicorn starts, the pages answer, the counts arrive, no acknowledged write is lost."""

import json

import pytest

from benchmarks import load, run, server


@pytest.fixture(autouse=True)
def _cache(tmp_path_factory, monkeypatch):
    monkeypatch.setattr(server, "CACHE", tmp_path_factory.getbasetemp() / "bench-cache")


def test_the_benchmark_measures_every_page_against_the_baseline():
    report = run.run([0.01], requests=3, write=False)
    pages = report["runs"][0]["pages"]
    assert pages["baseline route"]["statements"] == [0]
    for name, row in pages.items():
        assert row["status"] == [200], name
        assert len(row["statements"]) == 1, f"{name}: the count changed between requests: {row['statements']}"
        assert row["median_ms"] > 0 and row["baseline_ratio"] > 0, name
    assert "case dashboard" in pages and "plan as XLSX" in pages
    for name in ("meetings", "meeting with a full agenda", "meeting papers' options", "agenda as PDF"):
        assert name in pages, name
    assert pages["minutes as DOCX"]["path"].endswith("/minutes.docx")
    assert "| case dashboard |" in run.table(report)


def test_the_load_test_loses_no_acknowledged_update_even_when_the_server_is_killed(tmp_path, monkeypatch):
    monkeypatch.setattr(load, "RESULTS", tmp_path / "loadtest.json")
    arguments = ["--scale", "0.01", "--users", "4", "--crash-users", "4", "--seconds", "4", "--rate", "4"]
    assert load.main(arguments) == 0  # `make loadtest` itself, with a small plan
    report = json.loads((tmp_path / "loadtest.json").read_text())
    for name, result in report["runs"].items():
        assert result["server_errors"] == 0, name
        assert result["lost"] == 0, name
        assert result["requests"] > 0, name
    assert report["runs"]["closed loop"]["acknowledged_updates"] > 0
    assert report["runs"]["crash"]["integrity"] == "ok"
    assert len(server.STARTED) >= 2 and all(process.poll() is not None for process in server.STARTED), (
        "a gunicorn outlived the load test (the one started again after the crash)"
    )
