"""Spark and DuckDB give identical figures on the same logs, and both equal the construction."""

from __future__ import annotations

import json
import random

import pytest

from nianbao.evidence.logs import analyse_logs

from .logmaker import KINDS, MadeLog, write

pytestmark = pytest.mark.slow


def test_spark_gives_the_same_figures_as_duckdb(tmp_path, spark_master):
    rng = random.Random(7)
    made = MadeLog()
    for _ in range(1500):
        made.add(rng.choice(KINDS), rng.randrange(50), rng.randrange(50), rng.randrange(500))
    rng.shuffle(made.lines)
    half = len(made.lines) // 2
    write(tmp_path / "access.log", made.lines[:half])
    write(tmp_path / "access.log.1.gz", made.lines[half:], gz=True)
    jsonl = [
        json.dumps(
            {
                "remote_addr": "10.9.9.9",
                "time_iso8601": "2020-05-05T10:00:00+08:00",
                "request": "GET /j.html HTTP/1.1",
                "status": 200,
                "http_user_agent": "Mozilla/5.0",
            }
        )
    ]
    write(tmp_path / "extra.jsonl", jsonl)
    files = [str(tmp_path / "access.log*"), str(tmp_path / "extra.jsonl")]
    duck = analyse_logs(files, 2020)
    spark = analyse_logs(files, 2020, engine="spark", spark_master=spark_master)
    assert (spark.pv, spark.uv, spark.lines) == (duck.pv, duck.uv, duck.lines)
    assert spark.reasons == duck.reasons
    assert spark.days == duck.days
    assert [f.lines for f in spark.files] == [f.lines for f in duck.files]
    assert duck.pv == made.pv + 1
    assert duck.uv == made.uv + 1
    assert spark.engine == "spark"


def test_spark_by_site_matches_duckdb(tmp_path, spark_master):
    fmt = '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $host'  # noqa: E501
    lines = [
        f'10.0.0.{i % 7} - - [0{1 + i % 3}/Mar/2020:10:00:00 +0800] "GET /{"a.css" if i % 5 == 0 else "p"} HTTP/1.1" '  # noqa: E501
        f'200 5 "-" "Mozilla/5.0 ({i % 2})" {["a.gov.cn", "B.gov.cn:443", "b.gov.cn"][i % 3]}'
        for i in range(200)
    ]
    path = write(tmp_path / "platform.log", lines)
    duck = analyse_logs([str(path)], 2020, by_site=True, log_format=fmt)
    spark = analyse_logs(
        [str(path)], 2020, by_site=True, log_format=fmt, engine="spark", spark_master=spark_master
    )
    assert [(s.host, s.pv, s.uv) for s in spark.sites] == [(s.host, s.pv, s.uv) for s in duck.sites]
    assert [s.host for s in duck.sites] == ["a.gov.cn", "b.gov.cn"]
