"""Spark engine: the same rules and the same grouping, for a platform whose logs outgrow one machine.

Each line is matched against its format's reference pattern with Spark's (Java) regular expressions; the
grouped table and the final SQL are the ones the DuckDB engine uses, so both give identical figures.
JSON-lines files, and files Spark cannot read whole (a .gz cut short), go through the reference parser on
the driver and join the same grouped table.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

from nianbao.evidence.errors import EvidenceError
from nianbao.evidence.logs import python_path
from nianbao.evidence.logs.formats import LogFormat
from nianbao.evidence.logs.groups import COLUMNS, Examples, PythonGroups, day_of, final_sql, host_of
from nianbao.evidence.logs.inputs import LogFile, Sniffed
from nianbao.evidence.logs.rules import LogRules
from nianbao.evidence.logs.split_sql import either_case

_SESSIONS: dict[str, Any] = {}

SPARK_MISSING = (
    "未安装 pyspark，无法使用 Spark 引擎（--engine spark）。它是可选组件，请先安装："
    "在源码目录中运行 .venv/bin/pip install -e '.[spark]'"
    "（已安装的 nianbao 用 pip install 'nianbao[spark]'），"
    "另需 Java（Debian：apt-get install default-jre-headless）。不用 Spark 时去掉 --engine spark 即可，"
    "默认的 DuckDB 引擎不需要任何额外组件。"
)


def require_pyspark() -> None:
    """Raise the Chinese how-to-install message when pyspark (the optional extra "spark") is missing."""
    try:
        import pyspark.sql  # noqa: F401
    except ImportError as exc:  # most installations do without it
        raise EvidenceError(SPARK_MISSING) from exc


def spark_session(master: str = "local[*]") -> Any:
    """Return a Spark session for `master`, started once per process (start-up takes seconds)."""
    if master in _SESSIONS:
        return _SESSIONS[master]
    require_pyspark()
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", os.sys.executable)  # type: ignore[attr-defined]
    try:
        session = (
            SparkSession.builder.master(master)
            .appName("nianbao-logstats")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.shuffle.partitions", str(max(2, os.cpu_count() or 2)))
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.ansi.enabled", "false")
            .config("spark.driver.memory", "1g")
            .getOrCreate()
        )
    except Exception as exc:  # Java missing or the master unreachable: say which, in Chinese
        raise EvidenceError(
            f"无法启动 Spark（主节点 {master}）：{(str(exc) or type(exc).__name__).splitlines()[0]}。"
            "请确认已安装 Java（Debian 的 default-jre-headless）并且主节点地址正确。"
        ) from exc
    session.sparkContext.setLogLevel("ERROR")
    _SESSIONS[master] = session
    return session


def _page_path_pattern(rules: LogRules) -> str:
    # [\s\S] rather than ".", which in Java stops at line terminators such as U+0085.
    path = r"(?:[\s\S]*/)?[^/.]*"
    if rules.page_extensions:
        exts = "|".join(either_case(e) for e in rules.page_extensions)
        path = rf"{path}|[\s\S]*\.(?:{exts})"
    return rf"^(?:{path})\z"


def _regex_groups(
    spark: Any, log: LogFile, file_id: int, fmt: LogFormat, rules: LogRules, by_site: bool
) -> Any:
    from pyspark.sql import functions as F

    pattern = rf"^(?:{fmt.pattern})\z"
    lines = spark.read.text(str(log.path)).filter(F.col("value") != "")
    if fmt.comment_prefix:
        lines = lines.filter(~F.col("value").startswith(fmt.comment_prefix))
    value = F.col("value")

    def field(name: str) -> Any:
        return (
            F.regexp_extract(value, pattern, fmt.fields.index(name) + 1)
            if name in fmt.fields
            else F.lit(None)
        )

    parsed = lines.select(
        value.rlike(pattern).alias("wf"),
        value.alias("raw"),
        field("addr").alias("addr"),
        (
            F.substring(field("time"), 1, 11)
            if fmt.time_kind == "apache"
            else F.substring(field("time"), 1, 10)
            if fmt.time_kind == "iso"
            else field("date")
        ).alias("d"),
        (F.split(field("request"), " ", 3) if "request" in fmt.fields else F.lit(None)).alias("parts"),
        field("method").alias("m0"),
        field("target").alias("t0"),
        field("status").alias("status"),
        field("ua").alias("ua"),
        field("host").alias("host"),
        field("cookie").alias("cookie"),
    )
    if "request" in fmt.fields:
        parsed = parsed.withColumn("method", F.col("parts").getItem(0)).withColumn(
            "target", F.when(F.size("parts") > 1, F.col("parts").getItem(1)).otherwise(F.lit(""))
        )
    else:
        parsed = parsed.withColumn("method", F.col("m0")).withColumn("target", F.col("t0"))
    path = F.split(F.col("target"), r"\?", 2).getItem(0)
    statuses = [str(s) for s in rules.extra_statuses]
    reason = (
        F.when(~F.col("wf"), "malformed")
        .when(~F.col("method").isin(list(rules.methods)) | (F.col("target") == ""), "method")
        .when(~(F.col("status").startswith("2") | F.col("status").isin(statuses)), "status")
        .when(~path.rlike(_page_path_pattern(rules)), "static")
        .otherwise("candidate")
    )
    candidate = reason == "candidate"
    site = F.col("host") if by_site else F.lit("")
    grouped = parsed.select(
        F.lit(file_id).alias("f"),
        site.alias("site"),
        # A malformed line keeps its text here (few do), so examples need no second pass.
        F.when(F.col("wf"), F.col("d")).otherwise(F.col("raw")).alias("d"),
        F.when(F.col("wf"), F.lit(fmt.time_kind if fmt.time_kind != "iis" else "iso")).alias("kind"),
        reason.alias("r"),
        F.when(candidate, F.col("addr")).alias("ip"),
        F.when(candidate, F.col("ua")).alias("ua"),
        F.when(candidate, F.col("cookie")).alias("cookie"),
    )
    return grouped.groupBy(*COLUMNS[:-1]).agg(F.count(F.lit(1)).alias("n"))


def run_spark(
    to_read: list[LogFile],
    formats: dict[str, Sniffed],
    rules: LogRules,
    year: int,
    by_site: bool,
    examples: Examples,
    notes: list[str],
    master: str,
) -> tuple[list[tuple[str, str, int]], list[tuple[str, dt.date, int, int]], dict[int, int]]:
    """Count the files on Spark; return reasons by site, daily PV/UV by site, and lines per file."""
    spark = spark_session(master)  # first: it says how to install pyspark when it is missing
    from pyspark.sql.types import BooleanType, DateType, LongType, StringType, StructField, StructType

    schema = StructType([StructField(c, LongType() if c in ("f", "n") else StringType()) for c in COLUMNS])
    frames = []
    local = PythonGroups(rules, by_site)
    rows: list[tuple[object, ...]] = []
    names: dict[int, str] = {}
    for file_id, log in enumerate(to_read):
        fmt = formats[log.name].fmt
        if fmt is not None:
            try:
                grouped = _regex_groups(spark, log, file_id, fmt, rules, by_site).cache()
                grouped.count()  # read now, so a broken file falls back here rather than later
                frames.append(grouped)
                names[file_id] = log.name
                continue
            except Exception as exc:  # a .gz cut short: read what can be read, line by line
                if "EvidenceError" in type(exc).__name__:
                    raise
        python_path.count_file(log, file_id, fmt, local, examples, notes, _Collector(rows))
    local.flush(_Collector(rows))
    if rows:
        frames.append(
            spark.createDataFrame(
                [
                    tuple(int(str(v)) if c in ("f", "n") else v for c, v in zip(COLUMNS, r, strict=True))
                    for r in rows
                ],
                schema,
            )
        )
    if not frames:
        return [], [], {}
    g = frames[0]
    for frame in frames[1:]:
        g = g.unionByName(frame)
    g.createOrReplaceTempView("g")
    for row in (
        g.where("r = 'malformed' AND kind IS NULL AND d IS NOT NULL").select("f", "d").limit(5).collect()
    ):
        examples.add(names.get(int(row["f"]), ""), row["d"])
    site_rows = [(raw, host_of(raw)) for (raw,) in g.select("site").distinct().collect() if raw is not None]
    spark.createDataFrame(
        site_rows or [("", "")],
        StructType([StructField("raw", StringType()), StructField("site", StringType())]),
    ).createOrReplaceTempView("sites")
    day_rows = [
        (d, k, day_of(d, k)) for d, k in g.select("d", "kind").where("r <> 'malformed'").distinct().collect()
    ]
    for d, _k, day in day_rows:
        if day is None:
            examples.add("日期无效", d)
    spark.createDataFrame(
        day_rows,
        StructType(
            [
                StructField("d", StringType()),
                StructField("kind", StringType()),
                StructField("day", DateType()),
            ]
        ),
    ).createOrReplaceTempView("days")
    uas = [r["ua"] for r in g.where("r = 'candidate'").select("ua").distinct().collect()]
    robot_rows = [("\x01", False) if ua is None else (ua, rules.is_robot(ua)) for ua in uas]
    spark.createDataFrame(
        robot_rows, StructType([StructField("ua", StringType()), StructField("robot", BooleanType())])
    ).createOrReplaceTempView("robots")
    sql = final_sql(year, bool(rules.visitor_cookie))
    reasons = [(r["site"], r["reason"], int(r["n"])) for r in spark.sql(sql["reasons"]).collect()]
    daily = [(r["site"], r["day"], int(r["pv"]), int(r["uv"])) for r in spark.sql(sql["daily"]).collect()]
    lines_by_file = {int(r["f"]): int(r["n"]) for r in spark.sql(sql["files"]).collect()}
    for frame in frames:
        frame.unpersist()
    return reasons, daily, lines_by_file


class _Collector:
    """Stands in for a DuckDB connection so PythonGroups.flush can hand its rows to Spark."""

    def __init__(self, rows: list[tuple[object, ...]]) -> None:
        self.rows = rows

    def execute(self, _sql: str, columns: list[list[object]]) -> None:
        self.rows.extend(zip(*columns, strict=True))
