"""Count PV and UV in access logs: find inputs, pick each file's format, run an engine, build the result."""

from __future__ import annotations

import datetime as dt
import sys
import time

from nianbao.evidence.errors import EvidenceError
from nianbao.evidence.logs.groups import GROUP_TABLE, Examples, PythonGroups, day_of, final_sql, host_of
from nianbao.evidence.logs.inputs import LogFile, Sniffed, mark_duplicates, open_inputs, sniff, stop_hashing
from nianbao.evidence.logs.result import DayFigures, FileInfo, LogStats, SiteFigures
from nianbao.evidence.logs.rules import LogRules, load_rules
from nianbao.evidence.logs.sites import SiteRegistry

# auto: the native scanner where it was built and every file's format has a program, else DuckDB.
ENGINES = ("auto", "native", "duckdb", "spark")
DEFAULT_ENGINE = "auto"


def analyse_logs(
    paths: list[str],
    year: int,
    rules: LogRules | None = None,
    *,
    engine: str | None = None,
    by_site: bool = False,
    log_format: str = "",
    registry: SiteRegistry | None = None,
    spark_master: str = "local[*]",
    progress: bool = False,
) -> LogStats:
    """Return PV, UV and the rest for `year` from the log files named by `paths` (files or globs)."""
    started = time.monotonic()
    rules = rules or load_rules()
    engine = engine or DEFAULT_ENGINE
    if not 1990 <= year <= 2100:
        raise EvidenceError(f"年度 {year} 不合理，请给出四位年份，例如 --year 2020。")
    if engine not in ENGINES:
        raise EvidenceError(f"未知的计算引擎“{engine}”；可选 {'、'.join(ENGINES)}。")
    if engine == "native":
        from nianbao.evidence.logs import engine_native

        if not engine_native.available():
            raise EvidenceError(
                f"{engine_native.NOT_BUILT}；请改用 --engine duckdb，或装好 gcc 后重新运行 pip install -e .。"
            )
    if engine == "spark":  # say at once, not after reading the inputs, that the optional extra is missing
        from nianbao.evidence.logs.engine_spark import require_pyspark

        require_pyspark()
    files = open_inputs(paths)
    try:
        return _count(
            files, year, rules, engine, by_site, log_format, registry, spark_master, progress, started
        )
    except BaseException:
        # The digests will never be reported: do not make the caller wait for the rest of the input.
        stop_hashing(files)
        raise


def _count(
    files: list[LogFile],
    year: int,
    rules: LogRules,
    engine: str,
    by_site: bool,
    log_format: str,
    registry: SiteRegistry | None,
    spark_master: str,
    progress: bool,
    started: float,
) -> LogStats:
    to_read = mark_duplicates(files)
    formats = {log.name: sniff(log, log_format, rules.visitor_cookie) for log in to_read}
    if by_site:
        for log in to_read:
            fmt = formats[log.name].fmt
            if fmt is not None and "host" not in fmt.fields:
                raise EvidenceError(
                    f"--by-site 需要日志中记有网站主机名，但 {log.name} 的格式（{formats[log.name].label}）"
                    "没有主机名字段。"
                    "请用 --log-format 给出含 $host 的 nginx log_format，或使用含 host 字段的 JSON 日志。"
                )
    notes: list[str] = []
    examples = Examples()
    if engine in ("auto", "native"):
        from nianbao.evidence.logs import engine_native

        programs = engine_native.programs_for(to_read, formats) if engine_native.available() else None
        if programs is not None:
            engine = "native"
            reasons, daily, lines_by_file = engine_native.run_native(
                to_read,
                formats,
                programs,
                rules,
                year,
                by_site,
                examples,
                notes,
                _stderr if progress else None,
            )
        elif engine == "native":
            raise EvidenceError(
                "原生扫描器读取 combined、common、nginx log_format、IIS 与 JSON Lines 格式的日志，"
                "这些文件中有它不认识的格式；请用 --engine duckdb（或 auto）。"
            )
        else:
            engine = "duckdb"
            notes.append(
                f"本次用 DuckDB 计算（较慢）：{engine_native.NOT_BUILT}。"
                if not engine_native.available()
                else "本次用 DuckDB 计算（较慢）：有的文件的日志格式含有原生扫描器不认识的部分。"
            )
    if engine == "duckdb":
        reasons, daily, lines_by_file = _run_duckdb(
            to_read, formats, rules, year, by_site, examples, notes, progress
        )
    elif engine == "spark":
        from nianbao.evidence.logs.engine_spark import run_spark

        reasons, daily, lines_by_file = run_spark(
            to_read, formats, rules, year, by_site, examples, notes, spark_master
        )
    return _build(
        files,
        to_read,
        formats,
        rules,
        year,
        engine,
        reasons,
        daily,
        lines_by_file,
        examples,
        notes,
        registry,
        by_site,
        time.monotonic() - started,
    )


def _stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def resolve_days(values: list[tuple[str, str]]) -> list[tuple[str, str, dt.date | None]]:
    """Judge each distinct day text by the reference rules."""
    return [(d, kind, day_of(d, kind)) for d, kind in values]


def resolve_robots(uas: list[str | None], rules: LogRules) -> list[tuple[str, bool]]:
    """Judge each distinct user agent by the robot rules (None: the format records none)."""
    return [("\x01", False) if ua is None else (ua, rules.is_robot(ua)) for ua in uas]


def _run_duckdb(
    to_read: list[LogFile],
    formats: dict[str, Sniffed],
    rules: LogRules,
    year: int,
    by_site: bool,
    examples: Examples,
    notes: list[str],
    progress: bool,
) -> tuple[list[tuple[str, str, int]], list[tuple[str, dt.date, int, int]], dict[int, int]]:
    import duckdb

    from nianbao.evidence.logs import python_path
    from nianbao.evidence.logs.engine_duckdb import count_split, count_split_gz, fast_path_for

    con = duckdb.connect()
    # Grouping spills to disk beyond this, which keeps a national log within the 2 GB the host allows.
    con.execute("SET memory_limit = '1200MB'")
    con.execute("SET preserve_insertion_order = false")
    con.execute(f"SET enable_progress_bar = {'true' if progress else 'false'}")
    con.execute(GROUP_TABLE)
    groups = PythonGroups(rules, by_site)
    lines_by_file: dict[int, int] = {}
    for file_id, log in enumerate(to_read):
        sniffed = formats[log.name]
        fast = fast_path_for(sniffed, rules, by_site)
        if fast is not None:
            try:
                if log.gzipped:
                    lines_by_file[file_id] = count_split_gz(con, log, file_id, fast, groups, examples, notes)
                else:
                    lines_by_file[file_id] = count_split(con, log, file_id, fast, groups, examples)
                continue
            except duckdb.Error:
                # A file the CSV reader cannot take is read again line by line, which keeps every line up
                # to the point where the file breaks off.
                con.execute("DELETE FROM g WHERE f = ? OR f = ?", [file_id, -1 - file_id])
        lines_by_file[file_id] = python_path.count_file(
            log, file_id, sniffed.fmt, groups, examples, notes, con
        )
    reasons, daily = _finalise_duckdb(con, rules, year, examples)
    return reasons, daily, lines_by_file


def _finalise_duckdb(con, rules: LogRules, year: int, examples: Examples):  # type: ignore[no-untyped-def]
    days = resolve_days(con.execute("SELECT DISTINCT d, kind FROM g WHERE r <> 'malformed'").fetchall())
    for d, _kind, day in days:
        if day is None:
            examples.add("日期无效", d)
    con.execute("CREATE OR REPLACE TABLE days (d VARCHAR, kind VARCHAR, day DATE)")
    if days:
        con.execute(
            "INSERT INTO days SELECT unnest($1), unnest($2), unnest($3)",
            [[d for d, _, _ in days], [k for _, k, _ in days], [v for _, _, v in days]],
        )
    robots = resolve_robots(
        [ua for (ua,) in con.execute("SELECT DISTINCT ua FROM g WHERE r = 'candidate'").fetchall()], rules
    )
    con.execute("CREATE OR REPLACE TABLE robots (ua VARCHAR, robot BOOLEAN)")
    if robots:
        con.execute(
            "INSERT INTO robots SELECT unnest($1), unnest($2)",
            [[u for u, _ in robots], [b for _, b in robots]],
        )
    sites = [(raw, host_of(raw)) for (raw,) in con.execute("SELECT DISTINCT site FROM g").fetchall() if raw]
    con.execute("CREATE OR REPLACE TABLE sites (raw VARCHAR, site VARCHAR)")
    if sites:
        con.execute(
            "INSERT INTO sites SELECT unnest($1), unnest($2)", [[r for r, _ in sites], [s for _, s in sites]]
        )
    sql = final_sql(year, bool(rules.visitor_cookie))
    reasons = [(s, r, int(n)) for s, r, n in con.execute(sql["reasons"]).fetchall()]
    daily = [(s, d, int(pv), int(uv)) for s, d, pv, uv in con.execute(sql["daily"]).fetchall()]
    return reasons, daily


def _build(
    files,
    to_read,
    formats,
    rules,
    year,
    engine,
    reasons,
    daily,
    lines_by_file,
    examples,
    notes,
    registry,
    by_site,
    seconds,
) -> LogStats:  # type: ignore[no-untyped-def]
    totals: dict[str, int] = {}
    per_site: dict[str, dict[str, int]] = {}
    for site, reason, n in reasons:
        totals[reason] = totals.get(reason, 0) + n
        per_site.setdefault(site, {})
        per_site[site][reason] = per_site[site].get(reason, 0) + n
    by_day: dict[dt.date, list[int]] = {}
    site_pv: dict[str, int] = {}
    site_uv: dict[str, int] = {}
    for site, day, pv, uv in daily:
        acc = by_day.setdefault(day, [0, 0])
        acc[0] += pv
        acc[1] += uv
        site_pv[site] = site_pv.get(site, 0) + pv
        site_uv[site] = site_uv.get(site, 0) + uv
    index = {log.name: i for i, log in enumerate(to_read)}
    infos = []
    for log in files:
        log.wait_hash()
        sniffed = formats.get(log.name)
        infos.append(
            FileInfo(
                name=log.name,
                size=log.size,
                sha256=log.sha256,
                lines=lines_by_file.get(index.get(log.name, -1), 0),
                format=sniffed.label if sniffed else "",
                gzipped=log.gzipped,
                duplicate_of=log.duplicate_of,
            )
        )
        if log.duplicate_of:
            notes.append(f"{log.name} 与 {log.duplicate_of} 内容完全相同（SHA-256 一致），只计算一次。")
    if any(s.fmt is not None and not s.fmt.has_ua for s in formats.values()):
        notes.append(
            "部分日志（common 等格式）没有记录浏览器标识：这些行无法按爬虫名单排除，访客按客户端地址区分。"
        )
    sites: list[SiteFigures] = []
    if by_site:
        for host in sorted(per_site):
            entry = registry.lookup(host) if registry else None
            sites.append(
                SiteFigures(
                    host=host,
                    pv=site_pv.get(host, 0),
                    uv=site_uv.get(host, 0),
                    lines=sum(per_site[host].values()),
                    reasons=per_site[host],
                    code=entry.code if entry else "",
                    name=entry.name if entry else "",
                )
            )
        if registry:
            unmatched = [s.host for s in sites if not s.code and s.host]
            if unmatched:
                notes.append(f"以下主机名在网站名录中找不到对应网站：{'、'.join(unmatched[:20])}")
    lines = sum(totals.values())
    return LogStats(
        year=year,
        pv=totals.get("page", 0),
        uv=sum(uv for _, uv in by_day.values()),
        lines=lines,
        reasons=totals,
        days=[DayFigures(day, pv, uv) for day, (pv, uv) in sorted(by_day.items())],
        files=infos,
        malformed_examples=list(examples.items),
        rules=rules.describe(),
        engine=engine,
        seconds=round(seconds, 3),
        notes=notes,
        sites=sites,
    )
