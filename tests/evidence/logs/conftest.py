"""Fixtures of the log tests: every test runs on both exact engines (the native scanner and DuckDB), one
Spark session for the whole run (starting the JVM takes seconds), and a switch that makes the
line-by-line path fail."""

from __future__ import annotations

import os

import pytest


def pytest_generate_tests(metafunc):
    # Spark is compared with the default engine; the native scanner and DuckDB are each held to the same
    # figures by every other test.
    if "log_engine" in metafunc.fixturenames:
        spark = metafunc.module.__name__.endswith("spark_matches_duckdb")
        native_only = metafunc.definition.get_closest_marker("native_only") is not None
        metafunc.parametrize("log_engine", ["native"] if spark or native_only else ["native", "duckdb"])


@pytest.fixture(autouse=True)
def log_engine(request, monkeypatch):
    """The engine analyse_logs uses when a test names none (the CLI's --engine auto included)."""
    from nianbao.evidence.logs import analyse, engine_native

    engine = request.param
    # No skip: CI builds the native scanner, and a missing build must fail the tests, not hide.
    assert engine != "native" or engine_native.available(), "the native scanner (_scan.c) was not built"
    monkeypatch.setattr(analyse, "DEFAULT_ENGINE", engine)
    return engine


@pytest.fixture(scope="session")
def spark_master():
    """Start local Spark once (two cores, as on the CI machine); stop it after the last test."""
    from nianbao.evidence.logs.engine_spark import spark_session

    # The test logs are tiny: the JVM's optimising compiler would spend more CPU than it saves. The quick
    # compiler alone and the serial collector halved these tests' time on the shared 2-core machine.
    quick_jvm = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
    os.environ.setdefault("PYSPARK_SUBMIT_ARGS", f"--driver-java-options '{quick_jvm}' pyspark-shell")
    master = "local[2]"
    session = spark_session(master)
    yield master
    session.stop()


@pytest.fixture
def fast_path_only(monkeypatch):
    """Make the line-by-line path fail, so that figures can only come from the fast path."""
    from nianbao.evidence.logs import python_path

    def no_line_by_line(*args, **kwargs):
        raise AssertionError("the fast path fell back to reading line by line")

    monkeypatch.setattr(python_path, "count_file", no_line_by_line)
