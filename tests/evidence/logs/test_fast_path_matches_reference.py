"""DuckDB's fast path classifies every line exactly as the reference parser does, odd lines included.

Lines start well-formed and are then mutated with the characters that matter to the CSV trick (quotes,
backslashes, spaces, brackets, tabs, digits, non-ASCII); the counts by reason must equal the reference's.
"""

from __future__ import annotations

from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nianbao.evidence.logs import analyse_logs, load_rules
from nianbao.evidence.logs.formats import COMBINED
from nianbao.evidence.logs.reference import classify, parse_line, split_lines

from .logmaker import KINDS, MadeLog, write

ALPHABET = ['"', "\\", " ", "[", "]", "\t", "0", "9", ":", "/", "+", "-", ".", "?", "é", "中", "a", "Z"]
MUTATION = st.tuples(st.integers(0, 400), st.integers(0, 2), st.sampled_from(ALPHABET))


def _mutate(line: str, mutations: list[tuple[int, int, str]]) -> str:
    for pos, op, ch in mutations:
        i = pos % (len(line) + 1)
        if op == 0:
            line = line[:i] + ch + line[i:]
        elif op == 1:
            line = line[:i] + line[i + 1 :]
        else:
            line = line[:i] + ch + line[i + 1 :]
    return line


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    events=st.lists(
        st.tuples(st.sampled_from(KINDS), st.integers(0, 50), st.integers(0, 50), st.integers(0, 200)),
        min_size=1,
        max_size=30,
    ),
    mutations=st.lists(st.lists(MUTATION, max_size=3), max_size=30),
)
def test_duckdb_counts_equal_the_reference(tmp_path_factory, events, mutations):
    made = MadeLog()
    for event in [("page", 0, 0, 0), *events]:
        made.add(*event)
    # The first line stays intact so the file is recognised as combined.
    padded = mutations + [[]] * (len(made.lines) - len(mutations))
    lines = made.lines[:1] + [_mutate(line, m) for line, m in zip(made.lines[1:], padded[1:], strict=False)]
    path = write(tmp_path_factory.mktemp("m") / "access.log", lines)
    rules = load_rules()
    records = [parse_line(COMBINED, line) for line in split_lines(path.read_text())]
    expected = Counter(classify(record, rules, 2020) for record in records)
    visits = {(r.day, r.addr, r.ua) for r in records if classify(r, rules, 2020) == "page"}
    result = analyse_logs([str(path)], 2020, rules)
    assert result.reasons == dict(expected)
    assert result.uv == len(visits)
