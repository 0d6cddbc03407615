"""The grouped table every engine fills, and the SQL that turns it into PV, UV and exclusions.

Engines reduce lines to groups before classifying user agents: one row per (file, site, day text, reason
so far, address, user agent, cookie) with a count. Page-view candidates keep address and user agent;
other rows keep only their day and reason, so the table stays small. Day texts and user agents are then
judged once per distinct value, in Python, by the reference functions.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from nianbao.evidence.logs.reference import Record, apache_day, iso_day, request_reason
from nianbao.evidence.logs.rules import LogRules

# f: file number; site: host or ""; d + kind: the day as logged ("apache" 10/Oct/2020, "iso" 2020-10-10);
# r: "malformed", "method", "status", "static" or "candidate" (a page view unless its user agent is a robot).
GROUP_TABLE = """
CREATE TABLE IF NOT EXISTS g (
  f INTEGER, site VARCHAR, d VARCHAR, kind VARCHAR, r VARCHAR,
  ip VARCHAR, ua VARCHAR, cookie VARCHAR, n BIGINT
)"""
COLUMNS = ("f", "site", "d", "kind", "r", "ip", "ua", "cookie", "n")

EXAMPLES_KEPT = 5


def day_of(text: str, kind: str) -> dt.date | None:
    """Return the date of a day text as logged, or None when it is not a real date."""
    return apache_day(text) if kind == "apache" else iso_day(text)


def host_of(host: str) -> str:
    """Return a host name as sites are matched: lower-cased, without port or trailing dot."""
    host = host.strip().lower()
    if host.startswith("["):  # [IPv6]:port
        return host.split("]", 1)[0] + "]"
    return host.rsplit(":", 1)[0].rstrip(".") if host.count(":") == 1 else host.rstrip(".")


@dataclass
class Examples:
    """A few malformed lines, each with the file it came from."""

    items: list[str] = field(default_factory=list)

    def add(self, file_name: str, line: str) -> None:
        if len(self.items) < EXAMPLES_KEPT:
            self.items.append(f"{file_name}：{line[:300]}")


class PythonGroups:
    """Groups built line by line in Python (for the reference path and the lines fast paths set aside)."""

    def __init__(self, rules: LogRules, by_site: bool) -> None:
        self.rules = rules
        self.by_site = by_site
        self.counts: Counter[tuple[object, ...]] = Counter()

    def add(self, file_id: int, record: Record | None, n: int = 1) -> None:
        """Count `n` lines that parsed to `record` (None: malformed)."""
        if record is None:
            self.counts[(file_id, "", None, None, "malformed", None, None, None)] += n
            return
        site = record.host if self.by_site else ""
        reason = request_reason(record, self.rules)
        day = record.day.isoformat()
        key: tuple[int, str, str, str, str, str | None, str | None, str | None]
        if reason == "candidate":
            key = (file_id, site, day, "iso", reason, record.addr, record.ua, record.cookie)
        else:
            key = (file_id, site, day, "iso", reason, None, None, None)
        self.counts[key] += n

    def flush(self, con: object) -> None:
        """Append the groups to the table g of a DuckDB connection."""
        if not self.counts:
            return
        rows = [(*(utf8_safe(v) for v in key), n) for key, n in self.counts.items()]
        columns = list(zip(*rows, strict=True))
        selects = ", ".join(f"unnest(${i + 1}) AS {name}" for i, name in enumerate(COLUMNS))
        con.execute(f"INSERT INTO g SELECT {selects}", [list(c) for c in columns])  # type: ignore[attr-defined]
        self.counts.clear()


def utf8_safe(value: object) -> object:
    """Return text DuckDB accepts: bytes that were not UTF-8 (kept as surrogates) become \\xNN escapes.

    Two user agents that differ only in an invalid byte stay two visitors (a user agent that already held
    the literal text \\x9a could meet its escaped twin; no real one does).
    """
    if isinstance(value, str) and not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            try:
                return value.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            except UnicodeEncodeError:
                # A surrogate no byte decodes to: a JSON line's "\ud800" escape. Written as \uXXXX, so
                # that a hostile line is counted, not a crash.
                return "".join(_escaped_surrogate(c) for c in value)
    return value


def _escaped_surrogate(char: str) -> str:
    if "\udc80" <= char <= "\udcff":
        return f"\\x{ord(char) - 0xDC00:02x}"  # a byte that was not UTF-8
    if "\ud800" <= char <= "\udfff":
        return f"\\u{ord(char):04x}"
    return char


def final_sql(year: int, cookie: bool) -> dict[str, str]:
    """Return the SQL (valid in DuckDB and Spark SQL) that resolves groups into reasons, PV and UV.

    Needs tables g, days(d, kind, day), robots(ua, robot) and sites(raw, site): the host as logged and
    the site it names (see host_of).
    """
    visitor = (
        "CASE WHEN g.cookie IS NOT NULL AND g.cookie NOT IN ('', '-') THEN '' ELSE g.ip END AS v1, "
        "CASE WHEN g.cookie IS NOT NULL AND g.cookie NOT IN ('', '-') THEN g.cookie "
        "ELSE coalesce(g.ua, '') END AS v2"
        if cookie
        else "g.ip AS v1, coalesce(g.ua, '') AS v2"
    )
    resolved = f"""
      SELECT g.f, g.n, days.day,
        -- A line that is malformed (its day included) names no site, as in the reference parser.
        CASE WHEN g.r = 'malformed' OR days.day IS NULL THEN '' ELSE coalesce(sites.site, g.site) END AS site,
        CASE WHEN g.r = 'malformed' OR days.day IS NULL THEN 'malformed'
             WHEN year(days.day) <> {int(year)} THEN 'other_year'
             WHEN g.r <> 'candidate' THEN g.r
             WHEN robots.robot THEN 'robot'
             ELSE 'page' END AS reason,
        {visitor}
      FROM g
      LEFT JOIN days ON g.d = days.d AND g.kind = days.kind
      LEFT JOIN robots ON coalesce(g.ua, '\u0001') = robots.ua
      LEFT JOIN sites ON g.site = sites.raw
    """
    return {
        "resolved": resolved,
        "reasons": f"SELECT site, reason, sum(n) AS n FROM ({resolved}) x GROUP BY site, reason",
        "files": f"SELECT f, sum(n) AS n FROM ({resolved}) x GROUP BY f",
        "daily": f"""
          SELECT site, day, sum(pv) AS pv, count(*) AS uv FROM (
            SELECT site, day, v1, v2, sum(n) AS pv FROM ({resolved}) x WHERE reason = 'page'
            GROUP BY site, day, v1, v2
          ) y GROUP BY site, day""",
    }
