"""Time `nianbao logstats` on generated logs of several shapes, each with its exact answer known.

    .venv/bin/python benchmarks/logstats_bench.py  # every shape, 3 million lines each, and .gz
    .venv/bin/python benchmarks/logstats_bench.py --lines 300000  # a quick run
    .venv/bin/python benchmarks/logstats_bench.py --shapes gov,platform --no-gz
    .venv/bin/python benchmarks/logstats_bench.py --goaccess  # GoAccess too, on the combined shapes (slow)
    .venv/bin/python benchmarks/logstats_bench.py --baseline  # also DuckDB with one regex per field
    .venv/bin/python benchmarks/logstats_bench.py --shapes gov,bench --no-gz --polars  # and the floors
    .venv/bin/python benchmarks/logstats_bench.py --engines native,duckdb  # both exact engines, side by side

Shapes (see logshapes.py and loggen.py): bench (the project's first benchmark log: short regular lines),
gov (long search-engine referrers with query strings, query strings on resources, .HTM, HTTP/2.0, 58
browsers, ~170,000 addresses with some IPv6, hostile lines), gov-raw (the same with raw non-UTF-8 bytes in
a few hostile lines), many-ua (60,000 distinct user agents), platform (gov lines behind $host for 600
sites, counted with --by-site), iis (IIS W3C), jsonl (nginx JSON lines). Each also as .gz.

The logs are written under benchmarks/out/logstats (kept between runs; --out elsewhere). nianbao's figures
are checked against the generator's answer: PV, UV, every exclusion and the line count. Each tool runs as
its own child process; its wall time, CPU time (user + system, all threads) and peak memory (GNU time) are
printed, with lines/s and MB/s by the wall clock and CPU microseconds per line. The machine may be shared:
wall-clock figures then fall with the load while CPU time per line stays comparable, so both are printed
(with the load average). Each input is read once, untimed, before it is timed, so every tool reads it from
the page cache.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from loggen import Answer, generate

OUT = Path(__file__).parent / "out" / "logstats"
TARGET_MEMORY_MB = 2048


def run_child(argv: list[str], stdout_path: Path) -> tuple[float, float, float, int]:
    """Run a command; return (wall seconds, CPU seconds, peak memory MB, exit status).

    GNU time measures the peak resident memory of the program itself; the Python parent's memory (the
    generator's numpy arrays) would otherwise show in a forked child's ru_maxrss before it executes.
    """
    timing = stdout_path.with_suffix(".time")
    gnu_time = shutil.which("time") or "/usr/bin/time"
    use_time = Path(gnu_time).exists()
    if use_time:
        argv = [gnu_time, "-f", "%M %U %S", "-o", str(timing), *argv]
    with stdout_path.open("wb") as out:
        started = time.monotonic()
        proc = subprocess.run(argv, stdout=out, stderr=subprocess.PIPE, check=False)
        wall = time.monotonic() - started
    if proc.returncode:
        print(proc.stderr.decode("utf-8", "replace")[-2000:], file=sys.stderr)
    if use_time:
        max_kb, user, system = timing.read_text().split()[-3:]
        return wall, float(user) + float(system), int(max_kb) / 1024, proc.returncode
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode


PLATFORM_FORMAT = (
    '$host $remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent '
    '"$http_referer" "$http_user_agent"'
)


def ensure_log(lines: int, hosts: int = 0, json_lines: bool = False) -> tuple[Path, Answer]:
    """Generate the log (or reuse one generated before with its answer)."""
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / (f"bench-{lines}-platform{hosts}.log" if hosts else f"bench-{lines}.log")
    if json_lines:
        path = OUT / f"bench-{lines}.jsonl"
    answer_path = path.with_suffix(".answer.json")
    if path.exists() and answer_path.exists():
        return path, Answer(**json.loads(answer_path.read_text()))
    print(f"生成 {lines:,} 行的测试日志 {path} ……", flush=True)
    started = time.monotonic()
    answer = generate(path, lines, hosts=hosts, json_lines=json_lines)
    answer_path.write_text(json.dumps(asdict(answer)))
    print(f"  用时 {time.monotonic() - started:.0f} 秒，{path.stat().st_size / 1e9:.2f} GB", flush=True)
    return path, answer


def warm(path: Path) -> None:
    """Read the file once, untimed, so that every tool reads it from the page cache.

    A file partly evicted since it was written (by another large file, or by the machine itself) costs
    seconds of disk reads and kernel time to whichever tool reads it first: 6.9 s of system time against
    1.4 s, in one run of the platform log. Each timed run should measure the tool, not the disk.
    """
    with path.open("rb", buffering=0) as handle:
        buffer = bytearray(8 << 20)
        while handle.readinto(buffer):
            pass


def nianbao(path: Path, label: str, *extra: str) -> tuple[float, float, float, dict]:
    warm(path)
    out = OUT / f"nianbao-{label}.json"
    argv = [
        sys.executable,
        "-c",
        "from nianbao.cli.main import main; main()",
        "logstats",
        str(path),
        "--year",
        "2020",
        "--json",
        *extra,
    ]
    wall, cpu, mem, code = run_child(argv, out)
    if code:
        raise SystemExit(f"nianbao 退出码 {code}")
    return wall, cpu, mem, json.loads(out.read_text())


BASELINE_LINES = 2_000_000
# The yardstick: one regexp_extract of the whole combined pattern per field, in DuckDB.
BASELINE_SQL = """
CREATE TABLE t AS SELECT g1, substr(g2, 1, 11) AS d, g3, g4, g5, count(*) AS n FROM (
  SELECT {extracts}
  FROM read_csv($path, delim='\x01', quote='', escape='', header=false, auto_detect=false,
                columns={{'line': 'VARCHAR'}}, max_line_size=10000000)
) GROUP BY ALL
"""


def baseline(path: Path, lines: int) -> tuple[float, float]:
    """Time the straightforward way on the first `lines` lines: (wall seconds, lines per second)."""
    import duckdb

    from nianbao.evidence.logs.formats import COMBINED

    head = OUT / f"baseline-{lines}.log"
    if not head.exists():
        with path.open("rb") as source, head.open("wb") as out:
            for _, line in zip(range(lines), source, strict=False):
                out.write(line)
    warm(head)
    extracts = ", ".join(f"regexp_extract(line, $pattern, {i}) AS g{i}" for i in range(1, 6))
    con = duckdb.connect()
    started = time.monotonic()
    con.execute(
        BASELINE_SQL.format(extracts=extracts), {"path": str(head), "pattern": f"^{COMBINED.pattern}$"}
    )
    wall = time.monotonic() - started
    return wall, lines / wall


def check(result: dict, answer: Answer) -> list[str]:
    """Return the differences between nianbao's figures and the generator's answer."""
    expected = {
        "page": answer.pv,
        "malformed": answer.malformed,
        "static": answer.excluded["static"],
        "robot": answer.excluded["robot"],
        "status": answer.excluded["status"],
        "method": answer.excluded["method"],
        "other_year": answer.excluded["year"],
    }
    problems = [
        f"{k}: nianbao {result['reasons'].get(k, 0)} ≠ 应为 {v}"
        for k, v in expected.items()
        if result["reasons"].get(k, 0) != v
    ]
    if result["uv"] != answer.uv:
        problems.append(f"UV: nianbao {result['uv']} ≠ 应为 {answer.uv}")
    if result["lines"] != answer.lines:
        problems.append(f"行数: nianbao {result['lines']} ≠ 应为 {answer.lines}")
    return problems


SHAPES = ("bench", "gov", "gov-raw", "many-ua", "platform", "main", "iis", "jsonl")
COMBINED_SHAPES = ("bench", "gov", "gov-raw", "many-ua", "platform", "main")
TARGET_BYTES = 400_000_000  # or 400 MB/s, whichever is lower for the shape
TARGET_GZ_LINES = 1_000_000
GOACCESS_PLATFORM = '%v %h %^[%d:%t %^] "%r" %s %b "%R" "%u"'


def ensure_shape(shape: str, lines: int, hosts: int) -> tuple[Path, Answer]:
    """Generate one shape's log (or reuse it with its answer)."""
    if shape == "bench":
        return ensure_log(lines)
    from logshapes import generate_shape

    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{shape}-{lines}.{'jsonl' if shape == 'jsonl' else 'log'}"
    answer_path = path.with_suffix(".answer.json")
    if path.exists() and answer_path.exists():
        return path, Answer(**json.loads(answer_path.read_text()))
    print(f"生成 {lines:,} 行的“{shape}”日志 {path} ……", flush=True)
    started = time.monotonic()
    answer = generate_shape(path, lines, shape, hosts=hosts)
    answer_path.write_text(json.dumps(asdict(answer)))
    print(f"  用时 {time.monotonic() - started:.0f} 秒，{path.stat().st_size / 1e9:.2f} GB", flush=True)
    return path, answer


def gz_of(path: Path) -> Path:
    gz = path.with_name(path.name + ".gz")
    if not gz.exists():
        print(f"压缩为 {gz} ……", flush=True)
        with gz.open("wb") as out:
            subprocess.run(["gzip", "-1", "-c", str(path)], stdout=out, check=True)
    return gz


def goaccess_shape(path: Path, shape: str) -> tuple[float, float, float]:
    warm(path)
    out = OUT / "goaccess.json"
    log_format = ["--log-format=COMBINED"]
    if shape == "platform":
        log_format = [f"--log-format={GOACCESS_PLATFORM}", "--date-format=%d/%b/%Y", "--time-format=%T"]
    argv = ["goaccess", str(path), *log_format, "--no-progress", "--no-parsing-spinner", "-o", str(out)]
    wall, cpu, mem, code = run_child(argv, OUT / "goaccess.stdout")
    if code:
        raise SystemExit(f"goaccess 退出码 {code}")
    return wall, cpu, mem


def _row(label: str, lines: int, size: int, wall: float, cpu: float, mem: float, verdict: str) -> str:
    return (
        f"| {label} | {size / 1e6:,.0f} | {lines / 1e6:.2f} | {wall:.2f} | {cpu:.2f} | "
        f"{lines / wall / 1e6:.2f} | {size / wall / 1e6:,.0f} | {cpu / lines * 1e6:.2f} | "
        f"{lines / (cpu / 2) / 1e6:.2f} | {mem:,.0f} | {verdict} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--lines", type=int, default=3_000_000, help="lines of each shape's log")
    parser.add_argument(
        "--shapes", default=",".join(SHAPES), help=f"comma-separated, of: {', '.join(SHAPES)}"
    )
    parser.add_argument("--no-gz", action="store_true", help="skip the .gz of each shape")
    parser.add_argument(
        "--engines",
        default="auto",
        help="comma-separated engines to time (auto, native, duckdb): auto is native where it applies",
    )
    parser.add_argument("--goaccess", action="store_true", help="also time GoAccess on the combined shapes")
    parser.add_argument("--no-goaccess", action="store_true", help=argparse.SUPPRESS)  # the default now
    parser.add_argument("--platform", type=int, default=600, metavar="N", help="sites of the platform log")
    parser.add_argument(
        "--baseline", action="store_true", help="also time the straightforward regex per field in DuckDB"
    )
    parser.add_argument(
        "--polars",
        action="store_true",
        help="also time Polars' cheapest plan and each engine's bare read (logstats_limits.py)",
    )
    parser.add_argument(
        "--out", type=Path, help="where the generated logs are kept (default benchmarks/out/logstats)"
    )
    args = parser.parse_args()
    if args.out:
        global OUT
        OUT = args.out
    shapes = [name.strip() for name in args.shapes.split(",") if name.strip()]
    engines = [name.strip() for name in args.engines.split(",") if name.strip()]
    unknown = [name for name in shapes if name not in SHAPES]
    if unknown:
        raise SystemExit(f"未知的日志形态：{', '.join(unknown)}（可选：{', '.join(SHAPES)}）")
    print(
        f"机器：{os.cpu_count()} 核；开始时负载 {os.getloadavg()[0]:.1f}（其他进程占用 CPU 时，墙钟偏慢；"
        "“2 核折算”= 行数 ÷ (CPU 时间 ÷ 2)，即两核全归本工具时的速度）"
    )
    header = (
        "| 形态 | MB | 百万行 | 墙钟 秒 | CPU 秒 | 百万行/秒 | MB/秒 | CPU 微秒/行 | 2 核折算 百万行/秒 "
        "| 峰值 MB | 结果 |\n|---|---|---|---|---|---|---|---|---|---|---|"
    )
    rows: list[str] = []
    failures = 0
    for shape in shapes:
        path, answer = ensure_shape(shape, args.lines, args.platform)
        extra = ["--by-site", "--log-format", PLATFORM_FORMAT] if shape == "platform" else []
        inputs = [(path, shape)] + ([] if args.no_gz else [(gz_of(path), f"{shape} .gz")])
        done: set[tuple[Path, str]] = set()  # (input, engine that ran): auto on JSON lines is duckdb
        for (source, label), engine in [(i, e) for i in inputs for e in engines]:
            if (source, engine) in done:
                continue
            wall, cpu, mem, result = nianbao(
                source, f"{label}-{engine}".replace(" ", ""), *extra, "--engine", engine
            )
            done.add((source, result["engine"]))
            shown = (
                label
                if engine == "auto" and result["engine"] == "native"
                else f"{label}（{result['engine']}）"
            )
            problems = check(result, answer)
            size = source.stat().st_size
            target = (
                TARGET_GZ_LINES
                if label.endswith(".gz")
                else min(1_500_000, TARGET_BYTES * answer.lines / size)
            )
            rate = answer.lines / wall
            met = (
                ("达标" if rate >= target else f"未达标（目标 {target / 1e6:.2f} 百万行/秒）")
                if shape in COMBINED_SHAPES or label.endswith(".gz")
                else "—"
            )
            verdict = ("精确" if not problems else "不一致！") + f"；{met}；负载 {os.getloadavg()[0]:.1f}"
            failures += bool(problems)
            rows.append(_row(f"nianbao {shown}", answer.lines, size, wall, cpu, mem, verdict))
            print(rows[-1], flush=True)
            for problem in problems:
                print(f"  ！{problem}", flush=True)
        if args.goaccess and shape in COMBINED_SHAPES and shutil.which("goaccess"):
            g_wall, g_cpu, g_mem = goaccess_shape(path, shape)
            rows.append(
                _row(f"GoAccess {shape}", answer.lines, path.stat().st_size, g_wall, g_cpu, g_mem, "—")
            )
            print(rows[-1], flush=True)
        if args.baseline and shape == "bench":
            b_lines = min(BASELINE_LINES, answer.lines)
            b_wall, b_rate = baseline(path, b_lines)
            print(
                f"对照（每个字段一次 regexp_extract，前 {b_lines:,} 行）："
                f"{b_wall:.2f} 秒，{b_rate / 1e6:.3f} 百万行/秒"
            )
    print()
    print(header)
    print("\n".join(rows))
    if args.polars:
        import logstats_limits

        limited = [s for s in shapes if s in COMBINED_SHAPES and s != "platform"]
        print("\nPolars 与各引擎的读取下限（logstats_limits.py）：")
        limits = logstats_limits.measure(limited, args.lines, repeat=2)
        print()
        print(logstats_limits.HEADER)
        print("\n".join(limits))
        failures += sum("≠" in row for row in limits)
    if failures:
        raise SystemExit(f"{failures} 个输入的数字与已知答案不一致")


if __name__ == "__main__":
    main()
