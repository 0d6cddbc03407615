"""A real Apache log nobody here wrote: every line but one parses, and lines read by hand land right."""

from __future__ import annotations

from pathlib import Path

from nianbao.evidence.logs import analyse_logs, load_rules
from nianbao.evidence.logs.formats import COMBINED
from nianbao.evidence.logs.reference import classify, parse_line

LOG = Path(__file__).parents[2] / "fixtures" / "logs" / "apache_logs"


def _line(number: int) -> str:
    return LOG.read_text(encoding="utf-8").splitlines()[number - 1]


def test_only_the_one_truncated_line_is_malformed():
    result = analyse_logs([str(LOG)], 2015)
    assert result.lines == 10_000
    assert result.malformed == 1
    # Line 8899 is cut off inside its user agent (no closing quote): really malformed.
    (example,) = result.malformed_examples
    assert "configlib.py" in example
    assert not _line(8899).endswith('"')
    assert [d.day.isoformat() for d in result.days] == [
        "2015-05-17",
        "2015-05-18",
        "2015-05-19",
        "2015-05-20",
    ]


def test_lines_read_by_hand_are_classified_as_the_rules_say():
    rules = load_rules()
    expected = {
        1: "static",  # GET ...kibana-search.png 200, a browser
        25: "page",  # GET /articles/dynamic-dns-with-dhcp/ 200, Firefox, a long Google referer
        32: "page",  # GET /blog/tags/puppet?flav=rss20 200, Tiny Tiny RSS (a feed reader, not on the robot list)  # noqa: E501
        40: "robot",  # Baiduspider
        44: "static",  # GET /reset.css with user agent "-": static comes first in the rules
        63: "status",  # 404 (from Googlebot: the status rule comes before the robot rule)
        688: "method",  # HEAD /projects/xdotool/
    }
    for number, kind in expected.items():
        assert classify(parse_line(COMBINED, _line(number)), rules, 2015) == kind, number
    assert parse_line(COMBINED, _line(25)).addr == "93.114.45.13"


def test_the_same_log_in_another_year_is_all_excluded_as_other_year():
    result = analyse_logs([str(LOG)], 2020)
    assert result.pv == 0
    assert result.reasons == {"other_year": 9_999, "malformed": 1}
