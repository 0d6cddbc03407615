"""Hostile files through every reader: the only outcomes are a report or a clear ReadError, in time."""

from __future__ import annotations

import contextlib
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nianbao.io.base import ReadError, ReadResult
from nianbao.io.registry import read_bytes

from .hostile import reader_formats, specimen, suffix_of, time_limit, zip_with

FORMATS = reader_formats()
FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def outcome(data: bytes, fmt: str) -> ReadResult | ReadError:
    """Read `data` as a file of `fmt`; return the result or the ReadError; anything else fails the test."""
    with time_limit():
        try:
            return read_bytes(data, "hostile" + suffix_of(fmt))
        except ReadError as exc:
            assert str(exc).strip(), "a ReadError must say what is wrong"
            return exc


@st.composite
def mutations(draw: st.DrawFn, fmt: str) -> bytes:
    """Return a valid file of `fmt` with bytes flipped, cut, or inserted."""
    data = bytearray(specimen(fmt))
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["flip", "cut", "insert", "truncate"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if kind == "flip" and data:
            data[at] ^= draw(st.integers(1, 255))
        elif kind == "cut":
            del data[at : at + draw(st.integers(1, 64))]
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=64))
        else:
            del data[at:]
    return bytes(data)


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_specimen_of_each_format_reads(fmt):
    assert isinstance(outcome(specimen(fmt), fmt), ReadResult)


@pytest.mark.parametrize("fmt", FORMATS)
@FAST
@given(data=st.binary(max_size=4096))
def test_random_bytes_give_a_report_or_a_clear_error(fmt, data):
    outcome(data, fmt)


KNOWN_CRASHES: dict[str, str] = {}


@pytest.mark.parametrize(
    "fmt",
    [
        pytest.param(f, marks=pytest.mark.xfail(reason=KNOWN_CRASHES[f], strict=False))
        if f in KNOWN_CRASHES
        else f
        for f in FORMATS
    ],
)
@FAST
@given(data=st.data())
def test_damaged_files_give_a_report_or_a_clear_error(fmt, data):
    outcome(data.draw(mutations(fmt)), fmt)


@pytest.mark.parametrize(
    "fmt", [f for f in FORMATS if zipfile.is_zipfile(__import__("io").BytesIO(specimen(f)))]
)
@pytest.mark.parametrize(
    "bomb",
    [
        pytest.param(lambda: b"<w:t>" + b" " * (256 * 1024 * 1024), id="256MB-member"),
        pytest.param(lambda: b"A" * (2 * 1024 * 1024), id="2MB-at-high-ratio"),
    ],
)
def test_a_zip_bomb_is_refused(fmt, bomb):
    part = "word/document.xml" if fmt == "docx" else "xl/worksheets/sheet1.xml"
    result = outcome(zip_with({part: bomb()}, specimen(fmt)), fmt)
    assert isinstance(result, ReadError)


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>
<root>&lol9;</root>"""


@pytest.mark.parametrize("fmt", [f for f in ("docx", "xlsx") if f in FORMATS])
def test_billion_laughs_in_an_office_part_is_refused(fmt):
    part = "word/document.xml" if fmt == "docx" else "xl/workbook.xml"
    assert isinstance(outcome(zip_with({part: BILLION_LAUGHS}, specimen(fmt)), fmt), ReadError)


@pytest.mark.parametrize("fmt", [f for f in ("html",) if f in FORMATS])
def test_billion_laughs_in_html_does_not_expand(fmt):
    result = outcome(
        BILLION_LAUGHS.replace(b"<root>", b"<html><body><p>").replace(b"</root>", b"</p></body></html>"), fmt
    )
    if isinstance(result, ReadResult) and result.report is not None:
        assert all(len(str(v.data)) < 100_000 for _, v in result.report)


@pytest.mark.parametrize("fmt", [f for f in ("text", "csv", "html", "json") if f in FORMATS])
def test_a_huge_cell_is_read_or_refused_in_time(fmt):
    huge = "甲" * (2 * 1024 * 1024)  # 6 MB of text in one cell
    data = {
        "text": specimen("text").decode("utf-8").replace("无", huge, 1).encode("utf-8"),
        "csv": b"key,section,label,unit,value\r\nheader.unit,,,," + huge.encode("utf-8") + b"\r\n",
        "html": b"<html><body><table><tr><td>" + huge.encode("utf-8") + b"</td></tr></table></body></html>",
        "json": b'{"format": "nianbao-report", "version": 1, "template": "gx-2020", '
        b'"values": {"header.unit": "' + huge.encode("utf-8") + b'"}}',
    }[fmt]
    outcome(data, fmt)


def test_a_huge_cell_in_a_spreadsheet_is_read_or_refused_in_time():
    if "xlsx" not in FORMATS:
        pytest.skip("no XLSX reader registered")
    import io

    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(specimen("xlsx")))
    sheet = book.worksheets[0]
    for row in sheet.iter_rows(max_row=40):
        for cell in row:
            if isinstance(cell.value, str):
                cell.value = "乙" * 32767  # Excel's own limit for one cell
    out = io.BytesIO()
    book.save(out)
    outcome(out.getvalue(), "xlsx")


def test_an_oversized_file_is_refused_before_parsing():
    from nianbao.io.base import MAX_INPUT_BYTES

    assert isinstance(outcome(b"x" * (MAX_INPUT_BYTES + 1), "text"), ReadError)


LOG_LINE = (
    '203.0.113.9 - - [12/Mar/2020:10:00:00 +0800] "GET /index.html HTTP/1.1" 200 512 "-" "Mozilla/5.0"\n'
)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    lines=st.lists(
        st.one_of(
            st.just(LOG_LINE),
            st.text(max_size=300).map(lambda t: t + "\n"),
            st.binary(max_size=300).map(lambda b: b.decode("latin-1") + "\n"),
        ),
        max_size=40,
    ),
    gz=st.booleans(),
)
def test_hostile_access_logs_give_figures_or_a_clear_error(tmp_path_factory, lines, gz):
    import gzip

    from nianbao.evidence.errors import EvidenceError
    from nianbao.evidence.logs import LogStats, analyse_logs

    path = tmp_path_factory.mktemp("logs") / ("access.log.gz" if gz else "access.log")
    data = "".join(lines).encode("utf-8", errors="surrogateescape")
    path.write_bytes(gzip.compress(data) if gz else data)
    with time_limit():
        try:
            stats = analyse_logs([str(path)], 2020)
        except EvidenceError as exc:
            assert str(exc).strip()
            return
    assert isinstance(stats, LogStats)


def test_a_log_that_is_a_gzip_bomb_or_binary_gives_a_clear_error(tmp_path):
    import gzip

    from nianbao.evidence.errors import EvidenceError
    from nianbao.evidence.logs import analyse_logs

    binary = tmp_path / "access.log"
    binary.write_bytes(bytes(range(256)) * 4096)
    truncated = tmp_path / "cut.log.gz"
    truncated.write_bytes(gzip.compress(LOG_LINE.encode() * 10000)[:-100])
    for path in (binary, truncated):
        with time_limit():
            try:
                analyse_logs([str(path)], 2020)
            except EvidenceError as exc:
                assert str(exc).strip()


FUZZ_CRASHES = Path(__file__).resolve().parents[1] / "fixtures" / "fuzz-crashes"
# Inputs on which atheris (fuzz/run.sh) found a crash; each must now give a report or a clear error.
KNOWN_FUZZ_CRASHES: dict[str, str] = {}


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(p.name, marks=pytest.mark.xfail(reason=KNOWN_FUZZ_CRASHES[p.name], strict=False))
        if p.name in KNOWN_FUZZ_CRASHES
        else p.name
        for p in sorted(FUZZ_CRASHES.glob("*"))
        if p.suffix != ".log"
    ],
)
def test_inputs_that_once_crashed_a_reader_now_give_a_clear_answer(name):
    data = (FUZZ_CRASHES / name).read_bytes()
    fmt = next(f for f in FORMATS if suffix_of(f) == Path(name).suffix)
    outcome(data, fmt)
    for other in ("docx", "xlsx"):
        if Path(name).suffix == ".docx" and other in FORMATS:
            outcome(data, other)


def test_a_log_line_that_once_crashed_the_log_reader_now_gives_a_clear_answer(tmp_path):
    from nianbao.evidence.errors import EvidenceError
    from nianbao.evidence.logs import analyse_logs

    path = tmp_path / "access.log"
    path.write_bytes((FUZZ_CRASHES / "log-not-utf8.log").read_bytes())
    with time_limit(), contextlib.suppress(EvidenceError):
        analyse_logs([str(path)], 2020)
