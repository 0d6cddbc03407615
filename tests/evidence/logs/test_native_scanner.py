"""The native scanner (_scan.c) on what only it has to get right: bytes, line ends, a file cut into parts
for several threads, a stream fed in arbitrary pieces, many lines set aside, and which formats it reads.

Every figure is compared with the reference parser and rules applied line by line in Python.
"""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nianbao.evidence.logs import analyse_logs, engine_native, load_rules
from nianbao.evidence.logs.formats import COMBINED, COMBINED_EXTRA, COMMON, iis_format, nginx_format
from nianbao.evidence.logs.native_program import program_of
from nianbao.evidence.logs.reference import classify, parse_line, visitor

from . import test_fast_path_json_lines as json_lines
from .logmaker import MadeLog
from .test_fast_path_custom_formats import ADDR_PORT, FORMATS, PIPES, _render, _values
from .test_fast_path_matches_reference import _mutate

LINE_ENDS = [b"\n", b"\r\n", b"\r", b"\n\n", b"\r\r\n"]
# Bytes that matter to matching: quotes, backslashes, spaces, brackets, digits, bytes that are not UTF-8
# (a GBK query string), a control character, a tab, and a UTF-8 character whose bytes contain no ASCII.
ODD_BYTES = [b'"', b"\\", b" ", b"[", b"]", b"0", b"-", b"\xd6\xd0", b"\xff", b"\x01", b"\t", "中".encode()]


def _reference(data: bytes, fmt=COMBINED):  # type: ignore[no-untyped-def]
    """Reasons and UV by the reference, splitting lines as the definition does (\\n, \\r\\n or \\r)."""
    rules = load_rules()
    text = data.decode("utf-8", "surrogateescape")
    lines = [line for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n") if line]
    lines = [line for line in lines if not (fmt.comment_prefix and line.startswith(fmt.comment_prefix))]
    records = [parse_line(fmt, line) for line in lines]
    reasons = Counter(classify(r, rules, 2020) for r in records)
    visits = {
        (r.day, visitor(r, rules)) for r in records if r is not None and classify(r, rules, 2020) == "page"
    }
    return dict(reasons), len(visits)


def _made_lines() -> list[bytes]:
    made = MadeLog()
    for i, kind in enumerate(["page", "static", "robot", "status", "method", "other_year", "page", "page"]):
        made.add(kind, i, i * 3, i * 7)
    return [line.encode() for line in made.lines]


ODDITY = st.tuples(st.integers(0, 400), st.integers(0, 2), st.sampled_from(ODD_BYTES))


def _spoil(line: bytes, oddities: list[tuple[int, int, bytes]]) -> bytes:
    for pos, op, odd in oddities:
        i = pos % (len(line) + 1)
        line = line[:i] + odd + line[i + (op == 1) :] if op != 2 else line[:i] + line[i + 1 :]
    return line


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    picks=st.lists(st.tuples(st.integers(0, 7), st.sampled_from(LINE_ENDS)), min_size=1, max_size=40),
    oddities=st.lists(st.lists(ODDITY, max_size=3), max_size=40),
)
def test_bytes_and_line_ends_as_the_reference(tmp_path_factory, log_engine, picks, oddities):
    made = _made_lines()
    body = [made[0] + b"\n"]  # one intact line first, so that the file is sniffed as combined
    padded = oddities + [[]] * len(picks)
    for (which, end), odd in zip(picks, padded, strict=False):
        body.append(_spoil(made[which], odd) + end)
    data = b"".join(body)
    path = tmp_path_factory.mktemp("b") / "access.log"
    path.write_bytes(data)
    reasons, uv = _reference(data)
    result = analyse_logs([str(path)], 2020)
    assert result.reasons == reasons
    assert result.uv == uv


@pytest.mark.native_only
def test_every_segmented_format_has_a_program():
    """The formats a site writes are all read by the scanner (JSON lines by its own JSON reader)."""
    iis = iis_format(
        "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port c-ip cs(User-Agent) sc-status"
    )
    formats = [
        COMBINED,
        COMMON,
        iis,
        *(nginx_format(f, "uid") for f in FORMATS),
        *(nginx_format(f) for f in FORMATS),
    ]
    for fmt in formats:
        assert program_of(fmt) is not None, fmt.label


@pytest.mark.native_only
def test_a_pattern_with_an_unknown_piece_has_no_program():
    from dataclasses import replace

    odd = replace(COMBINED, pattern=COMBINED.pattern.replace(r"(\d{3})", r"(\d{3}|\d{4})"))
    assert program_of(odd) is None


def _log(tmp_path, repeat: int) -> tuple[bytes, object]:
    made = _made_lines()
    lines = []
    for i in range(repeat):
        for j, line in enumerate(made):
            # distinct visitors, some lines with an escaped quote or raw bytes, some malformed
            line = line.replace(b"10.", f"10.{i % 200}.".encode(), 1)
            if (i + j) % 11 == 0:
                line = line.replace(b'" "', b'\\" "', 1)
            if (i + j) % 13 == 0:
                line = line[:-5]
            if (i + j) % 17 == 0:
                line = line.replace(b"HTTP", b"\xd6\xd0HTTP", 1)
            lines.append(line + (b"\r\n" if i % 3 else b"\n"))
    data = b"".join(lines)
    path = tmp_path / "access.log"
    path.write_bytes(data)
    return data, path


@pytest.mark.native_only
@pytest.mark.parametrize("parts", [2, 3, 7])
def test_a_file_cut_into_parts_for_threads_counts_the_same(tmp_path, monkeypatch, parts):
    data, path = _log(tmp_path, 300)
    monkeypatch.setattr(engine_native, "PART_BYTES", len(data) // parts + 1)
    monkeypatch.setattr(engine_native.os, "cpu_count", lambda: parts)
    cuts = engine_native._cuts(path, len(data), parts)
    assert len(cuts) == parts + 1 and all(data[c - 1 : c] == b"\n" for c in cuts[1:-1])
    result = analyse_logs([str(path)], 2020, engine="native")
    reasons, uv = _reference(data)
    assert result.reasons == reasons
    assert result.uv == uv
    assert result.files[0].lines == sum(reasons.values())


@pytest.mark.native_only
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cuts=st.lists(st.integers(0, 10_000), max_size=12))
def test_a_stream_fed_in_any_pieces_counts_the_same(tmp_path_factory, cuts):
    """A .gz is fed to the scanner in pieces cut anywhere: inside a line, between \\r and \\n."""
    data, _ = _log(tmp_path_factory.mktemp("s"), 20)
    rules = load_rules()
    whole = engine_native._new_scanner(rules, 2020, False)
    pieces = engine_native._new_scanner(rules, 2020, False)
    for scanner in (whole, pieces):
        scanner.use_format(program_of(COMBINED), b"")
    whole.feed(data, True)
    at = sorted({c % (len(data) + 1) for c in cuts})
    for start, stop in zip([0, *at], [*at, len(data)], strict=True):
        pieces.feed(data[start:stop])
    pieces.feed(b"", True)
    assert pieces.lines() == whole.lines()
    assert sorted(pieces.suspects()) == sorted(whole.suspects())
    assert pieces.user_agents() == whole.user_agents()
    n = len(whole.user_agents())
    assert pieces.resolve([0] * n, list(range(n)), [0]) == whole.resolve([0] * n, list(range(n)), [0])


@pytest.mark.native_only
def test_many_lines_set_aside_are_judged_along_the_way(tmp_path):
    """A scan pauses when the lines set aside grow large, so Python can judge them before reading on."""
    data, path = _log(tmp_path, 300)
    rules = load_rules()
    # Every surely malformed line is passed on too (as the first few are, for examples).
    scanner = engine_native._new_scanner(rules, 2020, False, examples=10**6)
    scanner.use_format(program_of(COMBINED), b"")
    stops = []
    start = 0
    while start < len(data):
        start = scanner.scan_file(str(path), start, len(data), 2000)  # pause past 2,000 bytes set aside
        stops.append(start)
        assert start == len(data) or data[start - 1 : start] == b"\n"
        assert sum(len(line) for line, _ in scanner.suspects()) <= 2000 + 500
    assert len(stops) > 3
    assert scanner.lines() == sum(_reference(data)[0].values())


@pytest.mark.native_only
def test_the_native_engine_is_what_auto_chooses(tmp_path):
    path = tmp_path / "access.log"
    path.write_bytes(b"".join(line + b"\n" for line in _made_lines()))
    assert analyse_logs([str(path)], 2020, engine="auto").engine == "native"
    assert analyse_logs([str(path)], 2020, engine="duckdb").engine == "duckdb"


@pytest.mark.native_only
@pytest.mark.parametrize("log_format", [PIPES, ADDR_PORT])
def test_separators_inside_a_token_are_found_without_the_reference(log_format):
    """'$remote_addr|$remote_user|...' and '$remote_addr:$remote_port': the scanner goes back into the
    greedy token to find the separator, as Python's matcher does, instead of setting every line aside."""
    fmt = nginx_format(log_format)
    lines = [_render(log_format, _values((i, i, i, i, 0, i % 3, 1), other_year=False)) for i in range(30)]
    scanner = engine_native._new_scanner(load_rules(), 2020, True)
    scanner.use_format(program_of(fmt), b"")
    scanner.feed("".join(line + "\n" for line in lines).encode(), True)
    assert scanner.suspects() == []
    assert all(parse_line(fmt, line) is not None for line in lines)
    assert scanner.lines() == 30


def _scanned(fmt, data: bytes, by_site: bool = False, rules=None):  # type: ignore[no-untyped-def]
    """Reasons and UV from a scanner that judges every line it can itself (no examples passed on); fmt
    None: JSON lines."""
    from nianbao.evidence.logs.groups import Examples

    rules = rules or load_rules()
    scanner = engine_native._new_scanner(rules, 2020, by_site, examples=0)
    program = engine_native.JSON if fmt is None else program_of(fmt)
    engine_native._configure(scanner, program, fmt, rules)
    scanner.feed(data, True)
    engine_native._Judge(scanner, rules, by_site, Examples()).drain("x", fmt)
    reasons, daily = engine_native._resolve(scanner, rules)
    counted: Counter[str] = Counter()
    for _site, reason, n in reasons:
        counted[reason] += n
    return dict(counted), sum(uv for *_, uv in daily)


SCANNED_FORMATS = [COMBINED, nginx_format(PIPES), nginx_format(ADDR_PORT), COMBINED_EXTRA]


@pytest.mark.native_only
@pytest.mark.parametrize("which", range(len(SCANNED_FORMATS)))
@settings(max_examples=50, deadline=None)
@given(
    draws=st.lists(st.tuples(st.integers(0, 60), st.booleans()), min_size=1, max_size=30),
    oddities=st.lists(st.lists(ODDITY, max_size=3), max_size=30),
)
def test_the_scanner_s_own_judgement_of_odd_lines_is_the_reference_s(which, draws, oddities):
    """With no line passed on for examples, every line the scanner is sure of (malformed included) is
    judged in C: quotes, backslashes, separators, UTF-8 and raw bytes in any place."""
    fmt = SCANNED_FORMATS[which]
    if fmt is COMBINED or fmt is COMBINED_EXTRA:
        made = _made_lines()
        extra = [b"", b" 0.012 0.010", b' "-" 0.5'] if fmt is COMBINED_EXTRA else [b""]
        lines = [made[d % len(made)] + extra[d % len(extra)] for d, _ in draws]
    else:
        pattern = PIPES if which == 1 else ADDR_PORT
        lines = [
            _render(pattern, _values((d, d, d, d, d % 6, d % 5, d), other_year=other)).encode("utf-8")
            for d, other in draws
        ]
    padded = oddities + [[]] * len(lines)
    data = b"".join(_spoil(line, odd) + b"\n" for line, odd in zip(lines, padded, strict=False))
    assert _scanned(fmt, data) == _reference(data, fmt)


@pytest.mark.native_only
@pytest.mark.parametrize("gz", [False, True])
def test_a_line_longer_than_the_read_buffer(tmp_path, gz):
    """A 5 MB user agent (the scanner reads 4 MB at a time) is one visitor's page view, and a 5 MB line
    cut short is one malformed line, plain or .gz."""
    import gzip

    made = _made_lines()
    huge = made[0].replace(b'"Mozilla', b'"' + b"M" * (5 << 20) + b"ozilla", 1)
    data = b"".join([made[0] + b"\n", huge + b"\n", huge[: 5 << 20] + b"\n", made[1] + b"\n"])
    path = tmp_path / ("access.log.gz" if gz else "access.log")
    path.write_bytes(gzip.compress(data, 1) if gz else data)
    result = analyse_logs([str(path)], 2020, engine="native")
    reasons, uv = _reference(data)
    assert (result.reasons, result.uv) == (reasons, uv)
    assert reasons == {"page": 2, "static": 1, "malformed": 1}


NESTED_AND_NUMBERS = [
    '{"a": [1, 2.5, {"b": null, "c": "d\\u00e9"}], "e": true}',
    "[]",
    "{}",
    "0.003",
    "-1.5e-3",
    "1E+9",
    "12345678901234567890123",
    "-0.0",
    '{"a": 1]',
    "[1,]",
    "[1 2]",
    '{"a" 1}',
    '{"a": 1,}',
    "NaN",
    "-Infinity",
    "1.",
    ".5",
    "1e",
    "01.5",
    '"\\x"',
    "tru",
    '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["deep"]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]',
]


@pytest.mark.native_only
@settings(max_examples=80, deadline=None)
@given(lines=json_lines.LINES, cookie=st.booleans())
def test_the_scanner_s_own_judgement_of_json_lines_is_the_reference_s(lines, cookie):
    """JSON lines with every key the reference knows, repeated keys, strings, integers, floats, booleans,
    null, nesting, escapes and mutated characters: what the scanner decides itself is what the reference
    decides."""
    from nianbao.evidence.logs.rules import LogRules

    rules = load_rules()
    if cookie:
        rules = LogRules(**{**rules.__dict__, "visitor_cookie": "uid"})
    texts = [json_lines._line(json_lines._complete([], 0), ascii_only=True)]
    for pairs, which, ascii_only, mutations in lines:
        line = json_lines._line(json_lines._complete(pairs, which) if which >= 0 else pairs, ascii_only)
        texts.append(_mutate(line, mutations))
    texts += ["[1, 2]", '"a string"', "null", "{}", " {} ", '{"a": 1} x', '{"a": -0}', '{"a": 01}']
    # A page view with one more member, valid or not: nested values, floats, and what json.loads refuses.
    page = (
        '{"remote_addr": "10.0.0.9", "time_local": "01/Mar/2020:10:00:00 +0800", "request": "GET / HTTP/1.1",'
        ' "status": 200, "http_user_agent": "Mozilla/5.0 (Windows NT 10.0) Chrome/86.0"'
    )
    for extra in NESTED_AND_NUMBERS:
        texts.append(f'{page}, "x": {extra}}}')
    data = "".join(t + "\n" for t in texts).encode("utf-8", "surrogatepass")
    reasons, _uv, total_uv = json_lines._expected(data.decode("utf-8", "surrogateescape"), rules)
    total: Counter[str] = sum(reasons.values(), Counter())
    assert _scanned(None, data, rules=rules) == (dict(total), total_uv)


@pytest.mark.native_only
def test_without_the_scanner_auto_counts_with_duckdb_and_says_so(tmp_path, monkeypatch):
    """An install without a C compiler still counts, with DuckDB, and the result says why it was slow;
    asking for the native engine by name is refused in Chinese."""
    from nianbao.evidence.errors import EvidenceError

    path = tmp_path / "access.log"
    path.write_bytes(b"".join(line + b"\n" for line in _made_lines()))
    native = analyse_logs([str(path)], 2020, engine="auto")
    monkeypatch.setattr(engine_native, "_scan", None)
    fallback = analyse_logs([str(path)], 2020, engine="auto")
    assert (fallback.engine, fallback.reasons, fallback.uv) == ("duckdb", native.reasons, native.uv)
    assert any("没有编译原生扫描器" in note and "gcc" in note for note in fallback.notes)
    with pytest.raises(EvidenceError, match="没有编译原生扫描器"):
        analyse_logs([str(path)], 2020, engine="native")


@pytest.mark.native_only
@pytest.mark.parametrize("parts", [1, 3])
@pytest.mark.parametrize("by_site", [False, True])
def test_groups_spilled_to_disk_count_the_same(tmp_path, monkeypatch, parts, by_site):
    """With a budget of a few bytes every group goes to the partition files as soon as it is counted,
    on every thread; merging spilled scanners and resolving partition by partition gives the figures
    of counting in memory."""
    log_format = ADDR_PORT
    lines = [
        _render(
            log_format, _values((i % 41, i % 7, i % 13, i % 6, i % 6, i % 5, i % 9), other_year=i % 17 == 0)
        )
        for i in range(900)
    ]
    path = tmp_path / "platform.log"
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")

    def count():  # type: ignore[no-untyped-def]
        result = analyse_logs([str(path)], 2020, by_site=by_site, log_format=log_format, engine="native")
        return result.reasons, result.uv, [(s.host, s.pv, s.uv, s.reasons) for s in result.sites], result.days

    in_memory = count()
    monkeypatch.setattr(engine_native, "PART_BYTES", path.stat().st_size // parts + 1)
    monkeypatch.setattr(engine_native.os, "cpu_count", lambda: parts)
    monkeypatch.setattr(engine_native, "SPILL_BYTES", 1)
    spilled = count()
    assert spilled == in_memory
    fmt = nginx_format(log_format)
    assert in_memory[0] == _reference(path.read_bytes(), fmt)[0]


@pytest.mark.native_only
def test_a_temporary_directory_that_cannot_be_written_is_a_chinese_error(tmp_path, monkeypatch):
    import contextlib

    from nianbao.evidence.errors import EvidenceError

    path = tmp_path / "access.log"
    path.write_bytes(b"".join(line + b"\n" for line in _made_lines()))
    missing = str(tmp_path / "no-such-directory")
    monkeypatch.setattr(
        engine_native.tempfile, "TemporaryDirectory", lambda **_: contextlib.nullcontext(missing)
    )
    monkeypatch.setattr(engine_native, "SPILL_BYTES", 1)
    with pytest.raises(EvidenceError, match="无法写入临时文件") as caught:
        analyse_logs([str(path)], 2020, engine="native")
    assert missing in str(caught.value) and "TMPDIR" in str(caught.value)


@pytest.mark.native_only
def test_on_a_terminal_each_file_is_announced_as_its_reading_starts(tmp_path, capsys):
    paths = []
    for name in ("access.log", "access.log.1"):
        path = tmp_path / name
        path.write_bytes(b"".join(line + b"\n" for line in _made_lines()[: 3 + len(paths)]))
        paths.append(str(path))
    analyse_logs(paths, 2020, engine="native", progress=True)
    err = capsys.readouterr().err
    assert "正在读取" in err and "第 1/2 个文件" in err and "第 2/2 个文件" in err
    analyse_logs(paths, 2020, engine="native")
    assert capsys.readouterr().err == ""
