"""Native engine: one pass over each file in C (_scan.c), the odd lines judged by the reference in Python.

A plain file is cut at line ends into one part per core, each scanned by its own scanner on its own
thread (the scanner works without the GIL); the scanners' counts are then merged. A .gz file is inflated
on one thread (ISA-L) while the scanner counts on another. Segmented formats (combined, common, nginx,
IIS) reach the scanner as programs (native_program.py), JSON lines through its own JSON reader. Lines the
scanner is unsure of, and the first few it finds malformed (the result's examples), come back to Python
with their counts, are parsed by the reference parser and counted through the same scanner. User agents
and hosts are judged once per distinct value, in Python, by the same functions the other engines use;
the scanner then counts PV per day and UV (distinct visitors per site and day).
"""

from __future__ import annotations

import datetime as dt
import os
import queue
import tempfile
import threading
import zlib
from collections.abc import Callable
from pathlib import Path

from nianbao.evidence.errors import EvidenceError
from nianbao.evidence.logs.groups import EXAMPLES_KEPT, Examples, host_of, utf8_safe
from nianbao.evidence.logs.inflate import INFLATE_ERROR, broken_stream_note, inflate_gzip
from nianbao.evidence.logs.inputs import LogFile, Sniffed
from nianbao.evidence.logs.native_program import program_of
from nianbao.evidence.logs.reference import (
    JSON_KEYS,
    REASONS,
    Record,
    parse_json_line,
    parse_line,
    request_reason,
)
from nianbao.evidence.logs.rules import LogRules

try:
    from nianbao.evidence.logs import _scan
except ImportError:  # the C compiler was missing when nianbao was installed
    _scan = None  # type: ignore[assignment]

# reference.request_reason's answers as _scan.c numbers reasons (the order of reference.REASONS).
REASON_CODES = {"method": 2, "status": 3, "static": 4, "candidate": 6}
# A part smaller than this is not worth a thread of its own.
PART_BYTES = 32 << 20
SUSPECT_BYTES = 64 << 20  # lines set aside from a stream, judged once they hold this much text
# Groups (page-view candidates by site, day, agent and address) a scanner keeps in memory before it writes
# them to partition files by day: two scanners, with their tables' transient doubling, stay under the
# 2 GB a host allows whatever the size of a province's platform log. Ten million lines of a 600-site
# platform log need ~290 MB in all, so they never spill; with a 16 MB budget the same log took 123 MB
# and no longer (3.4-3.8 s against 4.5-5.2 s), so spilling costs little.
SPILL_BYTES = 256 << 20
INFLATED_AHEAD = 8  # pieces of a few MB each waiting between the inflating and the counting thread


NOT_BUILT = "本机安装 nianbao 时没有编译原生扫描器（安装时缺少 C 编译器，Debian 上是 gcc）"


def available() -> bool:
    """Whether the native scanner was built when nianbao was installed."""
    return _scan is not None


JSON = "json"  # the program of a JSON-lines file (the scanner's own JSON reader)
# The fields the scanner takes from JSON lines, in _scan.c's order (the cookie is configured apart).
JSON_FIELDS = ("addr", "time", "request", "method", "target", "status", "ua", "host")


def programs_for(to_read: list[LogFile], formats: dict[str, Sniffed]) -> dict[str, object] | None:
    """Return each file's scanner program (JSON for JSON lines), or None when some file's format has none."""
    programs: dict[str, object] = {}
    for log in to_read:
        sniffed = formats[log.name]
        program = JSON if sniffed.jsonl else program_of(sniffed.fmt) if sniffed.fmt is not None else None
        if program is None:
            return None
        programs[log.name] = program
    return programs


def _configure(scanner, program: object, fmt, rules: LogRules) -> None:  # type: ignore[no-untyped-def]
    """Tell a scanner the format of the lines that follow."""
    if program == JSON:
        keys = [[key.encode("utf-8") for key in JSON_KEYS[name]] for name in JSON_FIELDS]
        scanner.use_json(keys, rules.visitor_cookie.encode("utf-8"))
    else:
        scanner.use_format(program, fmt.comment_prefix.encode("utf-8"))


def _parser(fmt, rules: LogRules) -> Callable[[str], Record | None]:  # type: ignore[no-untyped-def]
    """The reference parser of a file's lines (fmt None: JSON lines)."""
    if fmt is None:
        cookie = rules.visitor_cookie
        return lambda line: parse_json_line(line, cookie)
    return lambda line: parse_line(fmt, line)


def _new_scanner(  # type: ignore[no-untyped-def]
    rules: LogRules, year: int, by_site: bool, examples: int = EXAMPLES_KEPT, spill_dir: str = ""
):
    """A scanner for the rules; the first `examples` surely malformed lines go to the reference parser
    (which keeps them as examples), the rest are counted by the scanner itself. With `spill_dir`, past
    SPILL_BYTES of groups in memory the scanner writes them to partition files there."""
    return _scan.Scanner(
        methods=[m.encode("utf-8") for m in rules.methods],
        page_extensions=[e.encode("utf-8") for e in rules.page_extensions],
        statuses=list(rules.extra_statuses),
        year=year,
        by_site=by_site,
        cookie=bool(rules.visitor_cookie),
        examples=examples,
        spill_dir=spill_dir,
        spill_bytes=SPILL_BYTES if spill_dir else 0,
    )


def _text(raw: bytes) -> str:
    """The text nianbao keeps for bytes from a log: UTF-8 as it is, any other byte as \\xNN."""
    return str(utf8_safe(raw.decode("utf-8", "surrogateescape")))


def _bytes(text: str) -> bytes:
    """The bytes of a value the reference parsed: as read, or (a JSON \\ud800 escape) its stored text."""
    try:
        return text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return str(utf8_safe(text)).encode("utf-8")


class _Judge:
    """Judge the lines a scanner set aside by the reference parser and count them through it."""

    def __init__(self, scanner, rules: LogRules, by_site: bool, examples: Examples) -> None:  # type: ignore[no-untyped-def]
        self.scanner, self.rules, self.by_site, self.examples = scanner, rules, by_site, examples

    def drain(self, name: str, fmt) -> None:  # type: ignore[no-untyped-def]
        parse = _parser(fmt, self.rules)
        for raw, n in self.scanner.suspects():
            line = raw.decode("utf-8", "surrogateescape")
            record = parse(line)
            if record is None:
                for _ in range(min(n, EXAMPLES_KEPT)):
                    self.examples.add(name, str(utf8_safe(line)))
                self.scanner.add(b"", 0, 0, b"", None, b"", n)
                continue
            self._add(record, n)

    def _add(self, record: Record, n: int) -> None:
        reason = request_reason(record, self.rules)
        day = record.day
        self.scanner.add(
            _bytes(record.host) if self.by_site else b"",
            day.year * 10000 + day.month * 100 + day.day,
            REASON_CODES[reason],
            _bytes(record.addr),
            None if record.ua is None else _bytes(record.ua),
            _bytes(record.cookie),
            n,
        )


def _cuts(path: Path, size: int, parts: int) -> list[int]:
    """Offsets that cut a file into `parts` pieces, each cut just after a line end (\\n)."""
    cuts = [0]
    with path.open("rb") as handle:
        for i in range(1, parts):
            handle.seek(max(size * i // parts, cuts[-1]))
            while True:
                block = handle.read(1 << 16)
                if not block:
                    cuts.append(size)
                    break
                at = block.find(b"\n")
                if at >= 0:
                    cuts.append(handle.tell() - len(block) + at + 1)
                    break
    cuts.append(size)
    return sorted(set(cuts))


def _scan_range(scanner, judge: _Judge, name: str, fmt, path: Path, start: int, stop: int) -> None:  # type: ignore[no-untyped-def]
    while start < stop:
        start = scanner.scan_file(str(path), start, stop)
        if start < stop:
            judge.drain(name, fmt)  # many lines set aside: judge them before reading on


def _count_plain(
    scanner, judge, log: LogFile, fmt, program, rules, year, by_site, examples, spill_dir
) -> None:  # type: ignore[no-untyped-def]
    size = log.size  # as stated when the inputs were opened (and hashed)
    parts = max(1, min(os.cpu_count() or 1, size // PART_BYTES))
    cuts = _cuts(log.path, size, parts)
    if len(cuts) <= 2:
        _scan_range(scanner, judge, log.name, fmt, log.path, 0, size)
        return
    helpers = []
    for _ in range(len(cuts) - 2):
        helper = _new_scanner(rules, year, by_site, spill_dir=spill_dir)
        _configure(helper, program, fmt, rules)
        helpers.append(helper)
    errors: list[BaseException] = []
    # A helper's odd lines are judged after it is merged, on this thread; a helper that fills its quota
    # of odd lines only pauses (its own _Judge works on its own scanner).
    threads = []
    for helper, start, stop in zip(helpers, cuts[1:-1], cuts[2:], strict=True):

        def work(helper=helper, start=start, stop=stop) -> None:  # type: ignore[no-untyped-def]
            try:
                _scan_range(
                    helper, _Judge(helper, rules, by_site, examples), log.name, fmt, log.path, start, stop
                )
            except BaseException as exc:  # re-raised on the calling thread
                errors.append(exc)

        thread = threading.Thread(target=work, daemon=True)
        thread.start()
        threads.append(thread)
    _scan_range(scanner, judge, log.name, fmt, log.path, cuts[0], cuts[1])
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    for helper in helpers:
        scanner.merge(helper)


def _count_gz(scanner, judge, log: LogFile, fmt, notes: list[str]) -> None:  # type: ignore[no-untyped-def]
    pieces: queue.Queue[object] = queue.Queue(INFLATED_AHEAD)

    def inflate() -> None:
        try:
            for piece in inflate_gzip(log.path):
                pieces.put(piece)
            pieces.put(None)
        except (EOFError, OSError, zlib.error, INFLATE_ERROR) as exc:
            pieces.put(exc)

    thread = threading.Thread(target=inflate, daemon=True)
    thread.start()
    lines_before = scanner.lines()
    while True:
        item = pieces.get()
        if item is None:
            scanner.feed(b"", True)
            break
        if isinstance(item, BaseException):
            # Keep the complete lines inflated before the break; the cut-off last line is lost.
            scanner.drop_partial()
            notes.append(broken_stream_note(log.name, item, scanner.lines() - lines_before))
            break
        scanner.feed(item)
        if scanner.suspect_bytes() > SUSPECT_BYTES:
            judge.drain(log.name, fmt)  # many lines set aside: judge them before reading on
    thread.join()


def run_native(
    to_read: list[LogFile],
    formats: dict[str, Sniffed],
    programs: dict[str, object],
    rules: LogRules,
    year: int,
    by_site: bool,
    examples: Examples,
    notes: list[str],
    progress: Callable[[str], None] | None = None,
) -> tuple[list[tuple[str, str, int]], list[tuple[str, dt.date, int, int]], dict[int, int]]:
    """Count every file with the native scanner; return (reasons, daily, lines by file) as the engines do.

    `progress`, when given, is told of each file as its reading starts (a terminal shows it on stderr)."""
    if _scan is None:
        raise EvidenceError(f"{NOT_BUILT}；请改用 --engine duckdb。")
    with tempfile.TemporaryDirectory(prefix="nianbao-groups-") as spill_dir:
        return _run(to_read, formats, programs, rules, year, by_site, examples, notes, spill_dir, progress)


def _run(to_read, formats, programs, rules, year, by_site, examples, notes, spill_dir, progress):  # type: ignore[no-untyped-def]
    scanner = _new_scanner(rules, year, by_site, spill_dir=spill_dir)
    judge = _Judge(scanner, rules, by_site, examples)
    lines_by_file: dict[int, int] = {}
    for file_id, log in enumerate(to_read):
        if progress is not None:
            size = f"{log.size / 1e6:,.0f} MB{'，.gz' if log.gzipped else ''}"
            progress(f"正在读取 {log.name}（第 {file_id + 1}/{len(to_read)} 个文件，{size}）")
        fmt = formats[log.name].fmt
        program = programs[log.name]
        _configure(scanner, program, fmt, rules)
        lines_before = scanner.lines()
        try:
            if log.gzipped:
                _count_gz(scanner, judge, log, fmt, notes)
            else:
                _count_plain(scanner, judge, log, fmt, program, rules, year, by_site, examples, spill_dir)
        except OSError as exc:
            if exc.filename == spill_dir:
                raise EvidenceError(
                    f"计算 {log.name} 时无法写入临时文件（{spill_dir}）：{exc.strerror or exc}。"
                    "请检查临时目录所在磁盘的剩余空间，或用环境变量 TMPDIR 指定另一个目录。"
                ) from exc
            raise EvidenceError(f"无法读取日志文件 {log.name}：{exc.strerror or exc}。") from exc
        judge.drain(log.name, fmt)
        lines_by_file[file_id] = scanner.lines() - lines_before
    try:
        return (*_resolve(scanner, rules), lines_by_file)
    except OSError as exc:  # reading back the partition files
        raise EvidenceError(
            f"无法读回临时文件（{spill_dir}）：{exc.strerror or exc}。请检查临时目录所在的磁盘。"
        ) from exc


def _resolve(scanner, rules: LogRules):  # type: ignore[no-untyped-def]
    """Judge each distinct user agent and host, then let the scanner count PV and UV."""
    agents = [_text(raw) for raw in scanner.user_agents()]
    agent_key: dict[str, int] = {}
    robot = [int(rules.is_robot(text)) for text in agents]
    keys = [agent_key.setdefault(text, len(agent_key)) for text in agents]
    hosts = [host_of(_text(raw)) if raw else "" for raw in scanner.sites()]
    names: dict[str, int] = {}
    site_keys = [names.setdefault(host, len(names)) for host in hosts]
    site_names = list(names)
    # Groups are distinct by (site, day, agent, address, cookie); they are distinct visitors too unless a
    # cookie names the visitor or two agents or two hosts as logged are one when stored.
    distinct = not rules.visitor_cookie and len(agent_key) == len(agents) and len(names) == len(hosts)
    reasons_raw, daily_raw = scanner.resolve(robot, keys, site_keys, distinct)
    reasons = [(site_names[site], REASONS[reason], int(n)) for site, reason, n in reasons_raw]
    daily = [
        (site_names[site], dt.date(date // 10000, date // 100 % 100, date % 100), int(pv), int(uv))
        for site, date, pv, uv in daily_raw
    ]
    return reasons, daily
