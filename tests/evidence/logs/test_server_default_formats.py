"""Logs in the formats servers write out of the box are recognised without --log-format: nginx's "main"
(its shipped nginx.conf: combined and then X-Forwarded-For), Apache's vhost_combined (Debian's
other_vhosts_access.log: virtual host and port, then combined), and combined with fields a site appends
($request_time, $upstream_response_time ...). A combined log is still read as combined.
"""

from __future__ import annotations

from collections import Counter

from nianbao.evidence.logs import analyse_logs, load_rules
from nianbao.evidence.logs.formats import COMBINED, COMBINED_EXTRA, NGINX_MAIN, VHOST_COMBINED
from nianbao.evidence.logs.groups import host_of
from nianbao.evidence.logs.reference import classify, parse_line, visitor

from .logmaker import MadeLog

HOSTS = ["www.gxzf.gov.cn:80", "www.gxzf.gov.cn:443", "WWW.NANNING.GOV.CN:80", "[2001:db8::1]:8443"]
FORWARDED = ['"-"', '"203.0.113.9"', '"203.0.113.9, 198.51.100.1"', '"unknown"']


def _combined_lines() -> list[str]:
    made = MadeLog()
    kinds = ["page", "static", "robot", "status", "method", "other_year", "page", "malformed", "page"]
    for i in range(90):
        made.add(kinds[i % len(kinds)], i % 7, i % 11, i % 13)
    return made.lines


def _expected(fmt, lines):  # type: ignore[no-untyped-def]
    rules = load_rules()
    reasons: Counter[str] = Counter()
    by_site: dict[str, Counter[str]] = {}
    visits = set()
    for line in lines:
        record = parse_line(fmt, line)
        reason = classify(record, rules, 2020)
        reasons[reason] += 1
        site = host_of(record.host) if record is not None else ""
        by_site.setdefault(site, Counter())[reason] += 1
        if reason == "page":
            visits.add((record.day, visitor(record, rules)))
    return dict(reasons), len(visits), {site: dict(c) for site, c in by_site.items()}


def test_an_nginx_main_log_is_recognised(tmp_path):
    lines = [f"{line} {FORWARDED[i % len(FORWARDED)]}" for i, line in enumerate(_combined_lines())]
    path = tmp_path / "access.log"
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    result = analyse_logs([str(path)], 2020)
    reasons, uv, _ = _expected(NGINX_MAIN, lines)
    assert result.files[0].format == NGINX_MAIN.label
    assert (result.reasons, result.uv) == (reasons, uv)
    assert reasons["page"] > 10 and reasons["malformed"] > 0  # the cut lines stay malformed


def test_an_apache_vhost_combined_log_is_recognised_and_counted_by_site(tmp_path):
    lines = [f"{HOSTS[i % len(HOSTS)]} {line}" for i, line in enumerate(_combined_lines())]
    path = tmp_path / "other_vhosts_access.log"
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    result = analyse_logs([str(path)], 2020, by_site=True)
    reasons, uv, by_site = _expected(VHOST_COMBINED, lines)
    assert result.files[0].format == VHOST_COMBINED.label
    assert {s.host: s.reasons for s in result.sites} == by_site
    assert "www.gxzf.gov.cn" in by_site and "www.nanning.gov.cn" in by_site
    assert (result.reasons, result.uv) == (reasons, uv)


def test_a_combined_log_is_still_read_as_combined(tmp_path):
    lines = _combined_lines()
    path = tmp_path / "access.log"
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    result = analyse_logs([str(path)], 2020)
    assert result.files[0].format == COMBINED.label
    assert (result.reasons, result.uv) == _expected(COMBINED, lines)[:2]


EXTRAS = ["0.012 0.010", '0.003 - "-"', "1.250 1.249 www.gxzf.gov.cn", '"203.0.113.9" 0.020']


def test_combined_with_fields_appended_is_recognised(tmp_path):
    lines = [f"{line} {EXTRAS[i % len(EXTRAS)]}" for i, line in enumerate(_combined_lines())]
    path = tmp_path / "access.log"
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    result = analyse_logs([str(path)], 2020)
    reasons, uv, _ = _expected(COMBINED_EXTRA, lines)
    assert result.files[0].format == COMBINED_EXTRA.label
    assert (result.reasons, result.uv) == (reasons, uv)
    assert reasons["page"] > 10


def test_nginx_main_is_preferred_to_combined_with_fields_appended(tmp_path):
    # A main line is also combined with one field appended: the exact format is the one named.
    lines = [f'{line} "-"' for line in _combined_lines()]
    path = tmp_path / "access.log"
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    assert analyse_logs([str(path)], 2020).files[0].format == NGINX_MAIN.label


def test_a_combined_log_with_junk_after_some_lines_stays_combined(tmp_path):
    # Junk after a combined line is a malformed line of a combined log, not a sign of another format.
    lines = _combined_lines()
    lines[1] += " junk"
    lines[4] += ' "x" 0.1'
    path = tmp_path / "access.log"
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    result = analyse_logs([str(path)], 2020)
    assert result.files[0].format == COMBINED.label
    assert (result.reasons, result.uv) == _expected(COMBINED, lines)[:2]
