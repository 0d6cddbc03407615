"""PV, UV and every exclusion count equal what the log was built to contain."""

from __future__ import annotations

import random

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from nianbao.evidence.logs import analyse_logs

from .logmaker import KINDS, MadeLog, write

EVENTS = st.lists(
    st.tuples(st.sampled_from(KINDS), st.integers(0, 50), st.integers(0, 50), st.integers(0, 200)),
    min_size=1,
    max_size=120,
)


def _expected_reasons(made: MadeLog) -> dict[str, int]:
    return {k: v for k, v in made.kinds.items() if v}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(events=EVENTS, seed=st.integers(0, 2**16), newline=st.sampled_from(["\n", "\r\n"]))
# Two lines cut short after their size, which look like the common format, outnumber the page view.
@example(events=[("malformed", 0, 0, 1), ("malformed", 0, 0, 1)], seed=0, newline="\n")
def test_figures_equal_the_logs_construction(tmp_path_factory, events, seed, newline):
    made = MadeLog()
    # One page view at least: a file in which no line parses is refused as of unknown format. It stays
    # first, among the lines the format is told by, since a malformed line may look like a common line.
    for event in [("page", 0, 0, 0), *events]:
        made.add(*event)
    rest = made.lines[1:]
    random.Random(seed).shuffle(rest)
    made.lines[1:] = rest
    path = write(tmp_path_factory.mktemp("log") / "access.log", made.lines, newline=newline)
    result = analyse_logs([str(path)], 2020)
    assert result.pv == made.pv
    assert result.uv == made.uv
    assert {k: v for k, v in result.reasons.items() if v} == _expected_reasons(made)
    assert result.lines == len(made.lines)
    assert {d.day: d.pv for d in result.days} == {d: n for d, n in made.daily_pv.items()}


def test_every_kind_of_line_is_counted_where_it_belongs(tmp_path):
    made = MadeLog()
    for kind in KINDS:
        for variant in range(60):
            made.add(kind, variant, variant, variant)
    path = write(tmp_path / "all.log", made.lines)
    result = analyse_logs([str(path)], 2020)
    assert result.reasons == {k: 60 for k in KINDS}
    assert result.pv == 60
    assert result.uv == made.uv


def test_a_visitor_on_both_sides_of_midnight_counts_on_each_day(tmp_path):
    ua = "Mozilla/5.0 (Windows NT 10.0) Chrome/86.0"
    lines = [
        f'10.1.1.1 - - [30/Jun/2020:23:59:59 +0800] "GET / HTTP/1.1" 200 5 "-" "{ua}"',
        f'10.1.1.1 - - [01/Jul/2020:00:00:00 +0800] "GET / HTTP/1.1" 200 5 "-" "{ua}"',
        f'10.1.1.1 - - [01/Jul/2020:08:00:00 +0800] "GET /a.html HTTP/1.1" 200 5 "-" "{ua}"',
    ]
    result = analyse_logs([str(write(tmp_path / "a.log", lines))], 2020)
    assert (result.pv, result.uv) == (3, 2)
    assert [(d.day.isoformat(), d.pv, d.uv) for d in result.days] == [
        ("2020-06-30", 1, 1),
        ("2020-07-01", 2, 1),
    ]


def test_the_year_is_the_logged_local_date_not_utc(tmp_path):
    # 00:30 Beijing time on 1 January 2021 is 2020 in UTC; the form counts it in 2021.
    line = '10.1.1.1 - - [01/Jan/2021:00:30:00 +0800] "GET / HTTP/1.1" 200 5 "-" "Mozilla/5.0"'
    result = analyse_logs([str(write(tmp_path / "a.log", [line]))], 2020)
    assert result.pv == 0
    assert result.reasons == {"other_year": 1}
