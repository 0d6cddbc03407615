"""Time `nianbao logstats` and GoAccess side by side on the same generated combined log.

    .venv/bin/python benchmarks/logstats_bench.py                 # 10 million lines (about 2.4 GB)
    .venv/bin/python benchmarks/logstats_bench.py --lines 2000000 # a quicker run
    .venv/bin/python benchmarks/logstats_bench.py --platform 600  # also a 600-site platform log, --by-site
    .venv/bin/python benchmarks/logstats_bench.py --json-lines 2000000  # also a JSON-lines log
    .venv/bin/python benchmarks/logstats_bench.py --baseline   # also DuckDB with one regex per field

The log is written under benchmarks/out/ (kept between runs) by a generator that knows the exact answer:
PV, UV and every exclusion count. nianbao's figures are checked against it. Each tool runs as its own child
process; its wall time, CPU time and peak memory (ru_maxrss from wait4) are printed, with lines per second
and the ratio. Each input is read once, untimed, before it is timed, so every tool reads it from the page
cache. The .gz run streams the same log compressed. Needs numpy (for the generator) and goaccess.
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
TARGET_PLAIN = 1_500_000
TARGET_GZ = 900_000
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


def ensure_gz(path: Path) -> Path:
    gz = path.with_suffix(".log.gz")
    if not gz.exists():
        print(f"压缩为 {gz} ……", flush=True)
        with gz.open("wb") as out:
            subprocess.run(["gzip", "-1", "-c", str(path)], stdout=out, check=True)
    return gz


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


def goaccess(path: Path) -> tuple[float, float, float]:
    warm(path)
    out = OUT / "goaccess.json"
    argv = [
        "goaccess",
        str(path),
        "--log-format=COMBINED",
        "--no-progress",
        "--no-parsing-spinner",
        "-o",
        str(out),
    ]
    wall, cpu, mem, code = run_child(argv, OUT / "goaccess.stdout")
    if code:
        raise SystemExit(f"goaccess 退出码 {code}")
    return wall, cpu, mem


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


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--lines", type=int, default=10_000_000)
    parser.add_argument("--no-goaccess", action="store_true")
    parser.add_argument("--no-gz", action="store_true")
    parser.add_argument(
        "--platform", type=int, default=0, metavar="N", help="also time --by-site on an N-site platform log"
    )
    parser.add_argument(
        "--baseline", action="store_true", help="also time the straightforward regex per field in DuckDB"
    )
    parser.add_argument(
        "--json-lines", type=int, default=0, metavar="N", help="also time an N-line JSON-lines log"
    )
    parser.add_argument(
        "--out", type=Path, help="where the generated logs are kept (default benchmarks/out/logstats)"
    )
    args = parser.parse_args()
    if args.out:
        global OUT
        OUT = args.out
    path, answer = ensure_log(args.lines)
    lines = answer.lines
    print(
        f"日志：{path}（{path.stat().st_size / 1e9:.2f} GB，{lines:,} 行；"
        f"已知 PV {answer.pv:,}，UV {answer.uv:,}）"
    )
    print(f"机器：{os.cpu_count()} 核；负载 {os.getloadavg()[0]:.1f}（其他进程占用 CPU 时，墙钟时间偏慢）")

    wall, cpu, mem, result = nianbao(path, "plain")
    problems = check(result, answer)
    rate = lines / wall
    print(
        f"nianbao（DuckDB）：{wall:.2f} 秒，CPU {cpu:.2f} 秒，{rate / 1e6:.2f} 百万行/秒，"
        f"峰值内存 {mem:.0f} MB；"
        f"PV {result['pv']:,}，UV {result['uv']:,}；与已知答案{'一致' if not problems else '不一致'}"
    )
    for problem in problems:
        print(f"  ！{problem}")
    print(
        f"  目标 ≥ {TARGET_PLAIN / 1e6:.1f} 百万行/秒：{'达标' if rate >= TARGET_PLAIN else '未达标'}；"
        f"内存 < {TARGET_MEMORY_MB} MB：{'达标' if mem < TARGET_MEMORY_MB else '未达标'}；"
        f"按 CPU 时间折算（2 核满载）{lines / (cpu / 2) / 1e6:.2f} 百万行/秒"
    )

    if args.baseline:
        b_lines = min(BASELINE_LINES, lines)
        b_wall, b_rate = baseline(path, b_lines)
        print(
            f"对照：DuckDB 中每个字段各用一次 regexp_extract（直接的写法，前 {b_lines:,} 行）："
            f"{b_wall:.2f} 秒，{b_rate / 1e6:.3f} 百万行/秒；nianbao 是它的 {rate / b_rate:.1f} 倍"
        )

    if not args.no_goaccess and shutil.which("goaccess"):
        g_wall, g_cpu, g_mem = goaccess(path)
        g_rate = lines / g_wall
        print(
            f"GoAccess：{g_wall:.2f} 秒，CPU {g_cpu:.2f} 秒，{g_rate / 1e6:.3f} 百万行/秒，"
            f"峰值内存 {g_mem:.0f} MB"
        )
        print(f"速度比 nianbao / GoAccess：墙钟 {rate / g_rate:.1f} 倍，CPU 时间 {g_cpu / cpu:.1f} 倍")

    if not args.no_gz:
        gz = ensure_gz(path)
        z_wall, z_cpu, z_mem, z_result = nianbao(gz, "gz")
        z_problems = check(z_result, answer)
        z_rate = lines / z_wall
        print(
            f"nianbao（.gz，{gz.stat().st_size / 1e9:.2f} GB）：{z_wall:.2f} 秒，CPU {z_cpu:.2f} 秒，"
            f"{z_rate / 1e6:.2f} 百万行/秒，峰值内存 {z_mem:.0f} MB；"
            f"与已知答案{'一致' if not z_problems else '不一致'}；"
            f"目标 ≥ {TARGET_GZ / 1e6:.1f} 百万行/秒：{'达标' if z_rate >= TARGET_GZ else '未达标'}"
        )
        for problem in z_problems:
            print(f"  ！{problem}")

    if args.platform:
        platform, p_answer = ensure_log(args.lines, args.platform)
        p_wall, p_cpu, p_mem, p_result = nianbao(
            platform, "platform", "--by-site", "--log-format", PLATFORM_FORMAT
        )
        p_problems = check(p_result, p_answer)
        p_rate = p_answer.lines / p_wall
        print(
            f"nianbao（平台日志 {args.platform} 个网站，--by-site，{platform.stat().st_size / 1e9:.2f} GB）："
            f"{p_wall:.2f} 秒，CPU {p_cpu:.2f} 秒，{p_rate / 1e6:.2f} 百万行/秒，峰值内存 {p_mem:.0f} MB；"
            f"{len(p_result['sites'])} 个网站；各网站合计与已知答案{'一致' if not p_problems else '不一致'}"
        )
        for problem in p_problems:
            print(f"  ！{problem}")

    if args.json_lines:
        jsonl, j_answer = ensure_log(args.json_lines, json_lines=True)
        j_wall, j_cpu, j_mem, j_result = nianbao(jsonl, "jsonl")
        j_problems = check(j_result, j_answer)
        j_rate = j_answer.lines / j_wall
        print(
            f"nianbao（JSON Lines，{j_answer.lines:,} 行，{jsonl.stat().st_size / 1e9:.2f} GB）："
            f"{j_wall:.2f} 秒，CPU {j_cpu:.2f} 秒，{j_rate / 1e6:.2f} 百万行/秒，峰值内存 {j_mem:.0f} MB；"
            f"与已知答案{'一致' if not j_problems else '不一致'}"
        )
        for problem in j_problems:
            print(f"  ！{problem}")


if __name__ == "__main__":
    main()
