"""DuckDB's fast path reads JSON-lines logs exactly as the reference parser does.

Lines are written from key/value pairs drawn to cover what the reference decides on: every key name it
knows, each field's keys in any order and repeated, values that are strings, integers (big ones too),
floats, booleans, null, objects and arrays, strings with quotes, backslashes and \\u escapes, times in
both layouts, and lines that are not JSON objects; then they are mutated character by character. Per site,
the counts by reason and the unique visitors must equal what the reference parser and rules give line by
line. The line-by-line path is disabled, so the figures can only come from the fast path (and the
reference's judgement of the lines it sets aside).
"""

from __future__ import annotations

import gzip
import json
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nianbao.evidence.logs import analyse_logs, load_rules
from nianbao.evidence.logs.groups import host_of
from nianbao.evidence.logs.reference import JSON_KEYS, classify, parse_json_line, split_lines, visitor
from nianbao.evidence.logs.rules import LogRules

from .logmaker import IN_YEAR, OTHER_YEAR, PAGE_TARGETS, ROBOT_UAS, STATIC_TARGETS, VISITORS, apache_time
from .test_fast_path_matches_reference import MUTATION, _mutate

MOMENTS = IN_YEAR + OTHER_YEAR
TIMES = [apache_time(m) for m in MOMENTS] + [m.strftime("%Y-%m-%dT%H:%M:%S+08:00") for m in MOMENTS]
TIMES += ["30/Feb/2020:10:00:00 +0800", "2020-13-01T00:00:00Z", "2020-03-01T10:00:00.123Z", "2020-03-01"]
TARGETS = PAGE_TARGETS + STATIC_TARGETS
STRINGS = {
    "addr": [ip for ip, _ in VISITORS] + [""],
    "time": TIMES,
    "request": [f"{m} {t} HTTP/1.1" for m in ("GET", "POST") for t in TARGETS[:6]] + ["GET", "", "GET  /"],
    "method": ["GET", "HEAD", "get", ""],
    "target": [*TARGETS, ""],
    "status": ["200", "304", "404", "20x", "2000"],
    "ua": [ua for _, ua in VISITORS] + ROBOT_UAS[:3] + ['quote " inside', "back\\slash", "tab\tin", "中文 é"],
    "host": ["www.gxzf.gov.cn", "WWW.GXZF.GOV.CN:443", "", "[2001:db8::1]:8443", "a.gov.cn\t", "a.cn\n"],
}
OTHER_VALUES = [200, 304, 404, 0, -5, 10**30, 200.0, 1e2, True, False, None, {"a": 1}, [1], "s\u2028x"]
FIELDS = list(JSON_KEYS)

# A value for a field: mostly a string of its kind (an integer status often), sometimes anything else.
VALUE = st.tuples(st.integers(0, 99), st.integers(0, 99))
PAIR = st.tuples(st.sampled_from([*FIELDS, "uid", "body_bytes_sent"]), st.integers(0, 9), VALUE)


def _value(field: str, pick: tuple[int, int]) -> object:
    kind, index = pick
    if field in ("uid", "body_bytes_sent"):
        return f"u{index % 3}" if kind % 3 else OTHER_VALUES[index % len(OTHER_VALUES)]
    if kind < 25:
        return OTHER_VALUES[index % len(OTHER_VALUES)]
    if field == "status" and kind < 50:
        return [200, 304, 404, 206][index % 4]
    options = STRINGS[field]
    return options[index % len(options)]


def _line(pairs: list[tuple[str, int, tuple[int, int]]], ascii_only: bool) -> str:
    """A JSON object from key/value pairs in order, a key allowed more than once."""
    items = []
    for field, which, pick in pairs:
        keys = JSON_KEYS.get(field, (field,))
        key = keys[which % len(keys)]
        items.append(f"{json.dumps(key)}: {json.dumps(_value(field, pick), ensure_ascii=ascii_only)}")
    return "{" + ", ".join(items) + "}"


def _complete(
    pairs: list[tuple[str, int, tuple[int, int]]], which: int
) -> list[tuple[str, int, tuple[int, int]]]:
    """The pairs with a plain value for every field after them, under the field's key number `which`, so
    that most lines are usable and a value the reference passes over often has a usable one after it."""
    plain = [(field, which, (99, i)) for i, field in enumerate(FIELDS) if field not in ("method", "target")]
    return pairs + plain


def _expected(text: str, rules: LogRules) -> tuple[dict[str, Counter[str]], dict[str, int], int]:
    """Per site, the reasons and unique visitors the reference gives line by line; and all sites' UV."""
    reasons: dict[str, Counter[str]] = {}
    visits: dict[str, set[object]] = {}
    everywhere: set[object] = set()
    for line in split_lines(text):
        record = parse_json_line(line, rules.visitor_cookie)
        site = host_of(record.host) if record is not None else ""
        reason = classify(record, rules, 2020)
        reasons.setdefault(site, Counter())[reason] += 1
        if record is not None and reason == "page":
            visits.setdefault(site, set()).add((record.day, visitor(record, rules)))
            everywhere.add((record.day, visitor(record, rules)))
    return reasons, {site: len(v) for site, v in visits.items()}, len(everywhere)


LINES = st.lists(
    st.tuples(st.lists(PAIR, max_size=8), st.integers(-1, 3), st.booleans(), st.lists(MUTATION, max_size=2)),
    min_size=1,
    max_size=30,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=LINES, cookie=st.booleans(), by_site=st.booleans())
def test_json_lines_fast_path_equals_the_reference(tmp_path_factory, fast_path_only, lines, cookie, by_site):
    rules = load_rules()
    if cookie:
        rules = LogRules(**{**rules.__dict__, "visitor_cookie": "uid"})
    # A plain page view comes first, so that the file is recognised as JSON lines.
    texts = [_line(_complete([], 0), ascii_only=True)]
    for pairs, which, ascii_only, mutations in lines:
        texts.append(_mutate(_line(_complete(pairs, which) if which >= 0 else pairs, ascii_only), mutations))
    texts += ["[1, 2]", '"a string"', "null", "{}"]
    path = tmp_path_factory.mktemp("j") / "access.jsonl"
    path.write_bytes("".join(t + "\n" for t in texts).encode("utf-8", "surrogatepass"))
    reasons, uv, total_uv = _expected(path.read_text(encoding="utf-8", errors="surrogateescape"), rules)
    result = analyse_logs([str(path)], 2020, rules, by_site=by_site)
    if by_site:
        assert {s.host: s.reasons for s in result.sites} == {site: dict(c) for site, c in reasons.items()}
        assert {s.host: s.uv for s in result.sites if s.uv} == {site: n for site, n in uv.items() if n}
    else:
        total: Counter[str] = sum(reasons.values(), Counter())
        assert {k: v for k, v in result.reasons.items() if v} == dict(total)
        assert result.uv == total_uv


def test_a_key_given_twice_counts_with_its_first_value(tmp_path, fast_path_only):
    # The same line read by the fast path and by the reference: the first status (404) decides.
    line = (
        '{"remote_addr": "10.0.0.1", "time_local": "01/Mar/2020:10:00:00 +0800", "request": "GET / HTTP/1.1",'
        ' "status": 404, "status": 200, "http_user_agent": "Mozilla/5.0"}'
    )
    page = line.replace('"status": 404, ', "")
    path = tmp_path / "twice.jsonl"
    path.write_text(page + "\n" + line + "\n", encoding="utf-8")
    result = analyse_logs([str(path)], 2020)
    assert result.reasons == {"page": 1, "status": 1}
    assert parse_json_line(line).status == 404


def test_json_lines_are_read_by_the_fast_path_with_escapes_left_to_the_reference(tmp_path, fast_path_only):
    ua = "Mozilla/5.0 (Windows NT 10.0) Chrome/86.0"
    at = "01/Mar/2020:11:00:00 +0800"
    lines = [
        {"remote_addr": "10.0.0.1", "time_iso8601": "2020-03-01T10:00:00+08:00", "request": "GET / HTTP/1.1"},
        # an escaped quote in the user agent: another visitor, decoded by the reference parser
        {"remote_addr": "10.0.0.1", "time_iso8601": "2020-03-01T10:00:01+08:00", "request": "GET / HTTP/1.1"},
        {"ip": "10.0.0.2", "time": at, "method": "GET", "uri": "/a.css"},
        {"ip": "10.0.0.2", "time": at, "method": "GET", "uri": "/b.html", "status": 2.0},
        # a float is passed over for the next key of the same field
        {"ip": "10.0.0.3", "time": at, "method": "GET", "uri": "/c.html", "status": 200.0, "sc-status": 200},
        {"remote_addr": 200.0, "client_ip": "10.0.0.4", "time": at, "method": "GET", "uri": "/"},
        # an address that is only a float: no address, so the line is malformed
        {"remote_addr": 1e2, "time": at, "method": "GET", "uri": "/"},
    ]
    records = [{**r, "status": r.get("status", 200), "http_user_agent": ua} for r in lines]
    records[1]["http_user_agent"] = 'Mozilla/5.0 "quoted"'
    path = tmp_path / "a.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    result = analyse_logs([str(path)], 2020)
    # A float status is not a status (the reference passes over it): that line is malformed.
    assert (result.pv, result.uv) == (4, 4)
    assert result.reasons == {"page": 4, "static": 1, "malformed": 2}
    assert result.files[0].format == "JSON lines"


def test_a_json_lines_file_with_bytes_that_are_not_utf8_is_read_line_by_line(tmp_path):
    # DuckDB cannot decode the byte as the reference does, so the whole file is read by the reference.
    good = '{"remote_addr": "10.0.0.%d", "time_local": "01/Mar/2020:10:00:00 +0800", "request": "GET /",'
    lines = [
        good % 1 + ' "status": 200, "http_user_agent": "UA \xff"}',
        good % 2 + ' "status": 200, "http_user_agent": "UA"}',
    ]
    path = tmp_path / "latin.jsonl"
    path.write_bytes("\n".join(lines).encode("latin-1"))
    result = analyse_logs([str(path)], 2020)
    assert (result.pv, result.uv, result.reasons) == (2, 2, {"page": 2})


def test_a_gzipped_json_lines_log_read_in_chunks_gives_the_same_figures(
    tmp_path, fast_path_only, monkeypatch
):
    from nianbao.evidence.logs import engine_duckdb

    # Chunks of about three lines: every chunk boundary falls inside the file.
    monkeypatch.setattr(engine_duckdb, "CHUNK_BYTES", 400)
    ua = "Mozilla/5.0 (Windows NT 10.0) Chrome/86.0"
    lines = [
        json.dumps(
            {
                "remote_addr": f"10.0.0.{n % 7}",
                "time_iso8601": f"2020-03-{1 + n % 3:02d}T10:00:00+08:00",
                "request": f"GET /{'a.css' if n % 4 == 0 else 'p.html'} HTTP/1.1",
                "status": 200,
                "http_user_agent": ua,
            }
        )
        for n in range(40)
    ] + ["not json"]
    plain = tmp_path / "a.jsonl"
    plain.write_text("\n".join(lines) + "\n", encoding="utf-8")
    packed = tmp_path / "b.jsonl.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    # By construction: 30 page views (one in four is a stylesheet); visitors are (address, day) pairs.
    expected_uv = len({(n % 7, n % 3) for n in range(40) if n % 4})
    for path in (plain, packed):
        result = analyse_logs([str(path)], 2020)
        assert (result.pv, result.uv) == (30, expected_uv)
        assert result.reasons == {"page": 30, "static": 10, "malformed": 1}


def test_unicode_escapes_in_used_strings_lone_surrogates_included(tmp_path):
    # \u escapes as json.loads decodes them: BMP characters, a surrogate pair (one character), and lone
    # surrogates (which UTF-8 cannot hold: a hostile line must be counted, not crash the count).
    agents = [
        "\\u4e2d\\u6587 Mozilla",
        "\\ud83d\\ude00 Mozilla",
        "\\ud800 Mozilla",
        "\\udc80 Mozilla",
        "\\ud800\\u0041 Mozilla",
        "\\u00e9\\/\\\\ Mozilla",
        "\\u4e2d\\u6587 Mozilla",
    ]
    lines = [
        '{"remote_addr": "10.0.0.1", "time_local": "01/Mar/2020:10:00:00 +0800", '
        f'"request": "GET \\/p{i}.html HTTP/1.1", "status": 200, "http_user_agent": "{ua}"}}'
        for i, ua in enumerate(agents)
    ]
    path = tmp_path / "escaped.jsonl"
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    records = [parse_json_line(line) for line in lines]
    assert records[1].ua == "\U0001f600 Mozilla" and records[0].target == "/p0.html"
    result = analyse_logs([str(path)], 2020)
    # Seven page views; the first and last agent are the same text, so six visitors.
    assert (result.pv, result.uv, result.reasons) == (7, 6, {"page": 7})
