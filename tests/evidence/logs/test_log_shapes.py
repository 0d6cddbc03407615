"""The benchmark's log shapes are counted exactly, and bytes that are not UTF-8 change neither the figures
nor how much of the file is read twice.

The shapes come from benchmarks/logshapes.py, which records what every line was made to be: the
generator's answer, the reference parser and the fast path must all agree, plain and gzip-compressed.
"""

from __future__ import annotations

import gzip
import sys
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nianbao.evidence.logs import analyse_logs, engine_duckdb, load_rules
from nianbao.evidence.logs.formats import COMBINED, NGINX_MAIN, iis_format, nginx_format
from nianbao.evidence.logs.reference import classify, parse_json_line, parse_line

sys.path.insert(0, str(Path(__file__).parents[3] / "benchmarks"))
from logshapes import IIS_FIELDS, SHAPES, generate_shape

PLATFORM = (
    '$host $remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent '
    '"$http_referer" "$http_user_agent"'
)
LINES = 4000


def _expected(answer) -> dict[str, int]:
    expected = {"page": answer.pv, "malformed": answer.malformed, "other_year": answer.excluded["year"]}
    expected.update({k: v for k, v in answer.excluded.items() if k != "year"})
    return {k: v for k, v in expected.items() if v}


def _reference(path: Path, shape: str) -> tuple[dict[str, int], int]:
    """Counts and UV by the reference parser, line by line (bytes not UTF-8 kept as surrogates)."""
    rules = load_rules()
    fmts = {"platform": nginx_format(PLATFORM), "iis": iis_format(IIS_FIELDS), "main": NGINX_MAIN}
    fmt = fmts.get(shape, COMBINED)
    lines = path.read_bytes().decode("utf-8", "surrogateescape").split("\n")
    records = [
        parse_json_line(line) if shape == "jsonl" else parse_line(fmt, line)
        for line in lines
        if line and not (shape == "iis" and line.startswith("#"))
    ]
    reasons = Counter(classify(r, rules, 2020) for r in records)
    visits = {(r.host, r.day, r.addr, r.ua) for r in records if classify(r, rules, 2020) == "page"}
    return dict(reasons), len(visits)


@pytest.fixture(scope="module", params=SHAPES)
def shaped(request, tmp_path_factory):
    path = tmp_path_factory.mktemp("shape") / f"{request.param}.log"
    answer = generate_shape(path, LINES, request.param, seed=5, hosts=40)
    return request.param, path, answer


def test_the_generators_answer_is_the_reference_parsers(shaped):
    shape, path, answer = shaped
    reasons, uv = _reference(path, shape)
    assert reasons == _expected(answer)
    assert uv == answer.uv
    assert answer.lines == LINES


@pytest.mark.parametrize("gz", [False, True], ids=["plain", "gz"])
def test_the_fast_path_gives_the_generators_answer(shaped, gz, fast_path_only, tmp_path):
    shape, path, answer = shaped
    if gz:
        path = tmp_path / (path.name + ".gz")
        path.write_bytes(gzip.compress(shaped[1].read_bytes(), compresslevel=1))
    by_site = shape == "platform"
    result = analyse_logs([str(path)], 2020, by_site=by_site, log_format=PLATFORM if by_site else None)
    assert result.reasons == _expected(answer)
    assert result.uv == answer.uv
    assert result.lines == answer.lines


# Lines of the government shape with bytes of every kind put anywhere: quotes, backslashes, spaces, and
# bytes that are not UTF-8 (a GBK pair, a lone continuation byte, 0xFF) or are (é, 中).
BYTES = [b'"', b"\\", b" ", b"[", b"0", b"?", b".", b"H", b"\xd5\xfe", b"\x9a", b"\xff"]
BYTES += ["é".encode(), "中".encode()]
MUTATION = st.tuples(st.integers(0, 600), st.integers(0, 2), st.sampled_from(BYTES))


def _mutate(line: bytes, mutations: list[tuple[int, int, bytes]]) -> bytes:
    for pos, op, new in mutations:
        i = pos % (len(line) + 1)
        if op == 0:
            line = line[:i] + new + line[i:]
        elif op == 1:
            line = line[:i] + line[i + 1 :]
        else:
            line = line[:i] + new + line[i + 1 :]
    return line


@pytest.fixture(scope="module")
def gov_lines(tmp_path_factory) -> list[bytes]:
    path = tmp_path_factory.mktemp("gov") / "gov.log"
    generate_shape(path, 300, "gov-raw", seed=9)
    return path.read_bytes().splitlines()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    picks=st.lists(st.integers(0, 299), min_size=1, max_size=40),
    mutations=st.lists(st.lists(MUTATION, max_size=3), max_size=40),
)
def test_mutated_government_lines_count_as_the_reference_says(
    tmp_path_factory, fast_path_only, gov_lines, picks, mutations
):
    # fast_path_only: bytes that are not UTF-8 (0x80-0x9F included, which DuckDB's Latin-1 reader
    # refuses) no longer send a file line by line.
    # The first line stays intact so the file is recognised as combined.
    chosen = [gov_lines[0]] + [gov_lines[i] for i in picks]
    padded = mutations + [[]] * len(chosen)
    lines = chosen[:1] + [_mutate(line, m) for line, m in zip(chosen[1:], padded, strict=False)]
    path = tmp_path_factory.mktemp("m") / "access.log"
    path.write_bytes(b"\n".join(lines) + b"\n")
    reasons, uv = _reference(path, "gov")
    result = analyse_logs([str(path)], 2020)
    assert result.reasons == reasons
    assert result.uv == uv


UA = "Mozilla/5.0 (Linux; Android 10) 中文浏览器/1.0"
LINE = '203.0.113.9 - - [12/Mar/2020:10:00:00 +0800] "GET /{page} HTTP/1.1" 200 512 "-" "{ua}"\n'


def test_a_visitor_is_the_same_in_a_file_read_as_utf8_and_one_read_as_latin1(tmp_path, fast_path_only):
    clean = tmp_path / "access.log.1"
    clean.write_text(LINE.format(page="a.html", ua=UA), encoding="utf-8")
    dirty = tmp_path / "access.log"
    # A GBK byte in another line's target makes this file one DuckDB reads as Latin-1.
    dirty.write_bytes(
        LINE.format(page="b.html", ua=UA).encode() + LINE.format(page="c\xd5.png", ua="x").encode("latin-1")
    )
    result = analyse_logs([str(clean), str(dirty)], 2020)
    assert (result.pv, result.uv) == (2, 1)
    assert result.reasons["static"] == 1


def test_a_malformed_example_from_a_latin1_file_shows_its_chinese_text(tmp_path, fast_path_only):
    path = tmp_path / "access.log"
    path.write_bytes(
        LINE.format(page="a.html", ua="x").encode()
        + "坏行 没有请求\n".encode()
        + LINE.format(page="c\xd5.png", ua="x").encode("latin-1")
    )
    result = analyse_logs([str(path)], 2020)
    assert result.reasons["malformed"] == 1
    assert any("坏行 没有请求" in example for example in result.malformed_examples)


@given(
    data=st.lists(st.sampled_from([b"a", b"\n", "é".encode(), "中".encode(), b"\xff", b"\x9a", b"\xe4\xb8"])),
    block=st.integers(1, 7),
)
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_is_utf8_file_agrees_with_decoding_the_whole_file(tmp_path_factory, monkeypatch, data, block):
    # Tiny blocks cut characters between reads, as an 8 MB block does in a large file.
    monkeypatch.setattr(engine_duckdb, "ASCII_CHECK_BYTES", block)
    path = tmp_path_factory.mktemp("u") / "f.log"
    content = b"".join(data)
    path.write_bytes(content)
    try:
        content.decode("utf-8")
        valid = True
    except UnicodeDecodeError:
        valid = False
    assert engine_duckdb.is_utf8_file(path) == valid
