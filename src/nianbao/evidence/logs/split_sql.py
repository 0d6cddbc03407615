"""The SQL of DuckDB's fast path: a log read as fields split at its delimiter, grouped before judging.

DuckDB's CSV reader, with the double quote as delimiter and no quoting or escaping, cuts each line into
the segments of its format (see formats.Segment): a combined line becomes seven fields,
'addr ident user [time] ', request, ' status size ', referer, ' ', user agent, ''. Each segment is then
checked on its own: fixed text by equality, a quoted string by having no trailing backslash, any other
segment by one anchored RE2 match whose captures are the fields grouping needs (the time's capture is
narrowed to its day). A line these checks cannot prove well-formed — a quote escaped inside a string, a
string ending in a backslash, a wrong number of quotes — is set aside whole and judged by the reference
parser in Python. The checks only ever accept what the reference pattern accepts, so the malformed count
is exact, and only odd lines pay for Python. IIS logs are cut the same way at spaces, one field per
segment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from nianbao.evidence.logs.formats import (
    APACHE_DATE,
    APACHE_TIME,
    ISO_DATE,
    ISO_TIME,
    LogFormat,
)
from nianbao.evidence.logs.rules import LogRules

NULL_TEXT = "\x02\x03"  # never in a log line: empty fields read as '' and only missing fields as NULL
# Fields whose group never matches empty text: a non-empty capture proves its segment matched.
_NEVER_EMPTY = frozenset({"addr", "day", "status", "method"})
_BACKSLASH = "'\\'"


def sql_str(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def either_case(text: str) -> str:
    """Return a regex matching `text` with ASCII letters in either case (RE2's (?i) folds non-ASCII too)."""
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isascii() and c.isalpha() else re.escape(c) for c in text)


def _page_path(rules: LogRules) -> str:
    """A path whose last /-segment has no dot, or ends in "." and a page extension (as LogRules.is_page)."""
    path = r"(?:[^ ?]*/)?[^ ?/.]*"
    if rules.page_extensions:
        exts = "|".join(either_case(e) for e in rules.page_extensions)
        path = rf"(?:{path}|[^ ?]*\.(?:{exts}))"
    return path


def page_request_pattern(rules: LogRules) -> str:
    """Return the regex a request line starts with when its target is a page (as LogRules.is_page).

    The target is the request's second space-separated part; its path ends at the first "?". The match
    is anchored at the start only, so RE2 stops at the end of the path instead of reading the query and
    protocol. With GET the only method allowed, the method test has already seen "GET ".
    """
    method = "GET" if rules.methods == ("GET",) else "[^ ]*"
    return rf"^{method} {_page_path(rules)}(?:[? ]|$)"


def page_target_pattern(rules: LogRules) -> str:
    """Return the regex a request target (no spaces) fully matches when it is a page."""
    return rf"{_page_path(rules)}(?:\?.*)?"


# The Apache day with any capitalised three-letter month: RE2 extracts about three times faster without the
# alternation of month names, and the day text is checked afterwards anyway (groups.day_of), which
# rejects any month not in the list.
APACHE_DAY_SHAPE = r"\d\d/[A-Z][a-z][a-z]/\d{4}"


def _narrow_time(pattern: str) -> str:
    """Capture only the day of a time group: its first 11 (Apache) or 10 (ISO) characters."""
    for date, time, shape in ((APACHE_DATE, APACHE_TIME, APACHE_DAY_SHAPE), (ISO_DATE, ISO_TIME, ISO_DATE)):
        pattern = pattern.replace(f"({time})", f"({shape}){time[len(date) :]}")
    return pattern


@dataclass
class _Plan:
    columns: int
    extracts: dict[str, str] = field(default_factory=dict)  # "tN" -> "regexp_extract(...)"
    checks: list[str] = field(default_factory=list)  # all true on a line proven well-formed
    values: dict[str, str] = field(default_factory=dict)  # field name -> SQL expression


def _plan(fmt: LogFormat) -> _Plan:
    plan = _Plan(columns=len(fmt.segments) + 1)
    # Between spaces, a field can hold no space: a token only has to be non-empty.
    tokens = {r"[^ ]+", r"([^ ]+)"} if fmt.delimiter == " " else set()
    for index, segment in enumerate(fmt.segments, start=1):
        column = f"f{index}"
        if segment.pattern in tokens:
            plan.checks.append(f"{column} <> ''")
            for name in segment.fields:
                plan.values[name] = column
        elif segment.whole:
            plan.checks.append(f"regexp_full_match({column}, {sql_str(segment.pattern)})")
            plan.values[segment.fields[0]] = column
        elif segment.quoted:
            plan.checks.append(f"NOT ends_with({column}, {_BACKSLASH})")
            for name in segment.fields:
                plan.values[name] = column
        elif segment.literal is not None:
            plan.checks.append(f"{column} = {sql_str(segment.literal)}")
        elif not segment.fields:
            plan.checks.append(f"regexp_full_match({column}, {sql_str(segment.pattern)})")
        elif segment.fields == ("status",) and segment.first_at is not None:
            # Three digits at a known place: a full match (no captures) and a substring are cheaper.
            plan.checks.append(f"regexp_full_match({column}, {sql_str(segment.pattern)})")
            plan.values["status"] = f"substr({column}, {segment.first_at + 1}, 3)"
        else:
            names = ["day" if name == "time" else name for name in segment.fields]
            pattern = "^" + _narrow_time(segment.pattern) + "$"
            listed = ", ".join(sql_str(name) for name in names)
            plan.extracts[f"t{index}"] = f"regexp_extract({column}, {sql_str(pattern)}, [{listed}])"
            for name in names:
                plan.values[name] = f"t{index}.{name}"
            proof = next((name for name in names if name in _NEVER_EMPTY), None)
            if proof is not None:
                plan.checks.append(f"t{index}.{proof} <> ''")
            else:
                plan.checks.append(f"regexp_full_match({column}, {sql_str(segment.pattern)})")
    # A line with fewer fields has NULLs at the end; one with more fills the extra column.
    plan.checks.append(f"f{plan.columns - 1} IS NOT NULL AND f{plan.columns} IS NULL")
    return plan


def csv_source(path: str, columns: int, encoding: str, delimiter: str = '"') -> str:
    names = "{" + ", ".join(f"'f{i}': 'VARCHAR'" for i in range(1, columns + 1)) + "}"
    return (
        f"read_csv({sql_str(path)}, delim={sql_str(delimiter)}, quote='', escape='', header=false, "
        "auto_detect=false, "
        f"columns={names}, null_padding=true, nullstr={sql_str(NULL_TEXT)}, strict_mode=true, "
        f"store_rejects=true, max_line_size=10000000, encoding='{encoding}', parallel=true)"
    )


def request_tests(values: dict[str, str], rules: LogRules) -> tuple[str, str]:
    """Return the SQL tests (method allowed and target not empty, target is a page)."""
    methods = ", ".join(sql_str(m) for m in rules.methods) or "NULL"
    if "request" in values:
        request = values["request"]
        if rules.methods == ("GET",):
            # The target (second space-separated part) must not be empty: "GET " and then a non-space.
            method_ok = (
                f"starts_with({request}, 'GET ') AND NOT starts_with({request}, 'GET  ') "
                f"AND strlen({request}) > 4"
            )
        else:
            method_ok = (
                f"split_part({request}, ' ', 1) IN ({methods}) AND split_part({request}, ' ', 2) <> ''"
            )
        return method_ok, f"regexp_matches({request}, {sql_str(page_request_pattern(rules))})"
    method, target = values["method"], values["target"]
    return (
        f"{method} IN ({methods}) AND {target} <> ''",
        f"regexp_full_match({target}, {sql_str(page_target_pattern(rules))})",
    )


def status_test(status: str, rules: LogRules) -> str:
    """The SQL test that a status (three digits) counts: 2xx, or one of the rules' extra statuses."""
    extra = ", ".join(sql_str(str(s)) for s in rules.extra_statuses) or "NULL"
    return f"substr({status}, 1, 1) = '2' OR {status} IN ({extra})"


def reason_case(well_formed: str, method_ok: str, status_ok: str, page: str) -> str:
    """The SQL of a line's reason before grouping: the first test it fails, as reference.classify orders
    them (0 suspect, 1 method, 2 status, 3 static, 4 candidate)."""
    return f"""CASE WHEN NOT coalesce(({well_formed}), false) THEN 0
             WHEN NOT ({method_ok}) THEN 1
             WHEN NOT ({status_ok}) THEN 2
             WHEN NOT {page} THEN 3
             ELSE 4 END"""


def grouped_insert(
    file_id: int,
    body: str,
    *,
    suspect_text: str,
    day: str,
    kind: str,
    addr: str,
    ua: str,
    site: str | None,
    cookie: str | None,
) -> str:
    """Return the INSERT into table g of the lines of `body`, grouped before their user agents are judged.

    `body` is a WITH clause ending in a relation c with a reason r per line (0 suspect, 1 method,
    2 status, 3 static, 4 candidate); the other arguments are SQL expressions over c. A suspect line is
    grouped by its text, for the reference parser; the others by day, and candidates by visitor too.
    """
    # Site and cookie are grouped on only when they are used: a constant key still costs hashing.
    keys = "".join(
        f"{expr} AS {name}, "
        for name, expr in (
            ("site", site and f"CASE WHEN r = 0 THEN '' ELSE {site} END"),
            ("cookie", cookie and f"CASE WHEN r = 4 THEN {cookie} END"),
        )
        if expr
    )
    constant_kind = kind.startswith("'")
    return f"""
    INSERT INTO g
    -- The extracts (t1, t2, ...) and r are each computed in their own subquery and only referred to
    -- above it: a lateral alias in the same SELECT would be expanded, evaluating it once per reference.
    -- Reasons are small integers until after grouping (0 suspect, 1 method, 2 status, 3 static,
    -- 4 candidate): cheaper to hash.
    {body}
    SELECT {file_id} AS f, {"site" if site else "''"} AS site, d, {kind if constant_kind else "kind"} AS kind,
      CASE r WHEN 0 THEN 'suspect' WHEN 1 THEN 'method' WHEN 2 THEN 'status' WHEN 3 THEN 'static'
             ELSE 'candidate' END AS r,
      ip, ua, {"cookie" if cookie else "NULL"} AS cookie, n
    FROM (
      SELECT {keys}
        CASE WHEN r = 0 THEN {suspect_text} ELSE {day} END AS d,{"" if constant_kind else f" {kind} AS kind,"}
        r,
        CASE WHEN r = 4 THEN {addr} END AS ip,
        CASE WHEN r = 4 THEN {ua} END AS ua,
        count(*) AS n
      FROM c GROUP BY ALL
    )
    """


def split_sql(
    path: str, file_id: int, fmt: LogFormat, rules: LogRules, by_site: bool, encoding: str = "utf-8"
) -> str:
    """Return the INSERT that groups one file of a segmented format into table g."""
    plan = _plan(fmt)
    values = plan.values
    day = values["day"] if "day" in values else values["date"]  # IIS logs the date on its own
    # Directive lines (IIS "#Fields: ...") are not log lines: neither counted nor judged.
    directives = f"WHERE NOT starts_with(f1, {sql_str(fmt.comment_prefix)})" if fmt.comment_prefix else ""
    method_ok, page = request_tests(values, rules)
    well_formed = " AND ".join(plan.checks)
    columns = ", ".join(f"f{i}" for i in range(1, plan.columns + 1))
    extracts = "".join(f", {sql} AS {name}" for name, sql in plan.extracts.items())
    carried = "".join(f", {name}" for name in plan.extracts)
    body = f"""
    WITH x AS (
      SELECT {columns}{extracts}
      FROM {csv_source(path, plan.columns, encoding, fmt.delimiter)}
      {directives}
    ), c AS (
      SELECT {columns}{carried},
        {reason_case(well_formed, method_ok, status_test(values["status"], rules), page)} AS r
      FROM x
    )"""
    return grouped_insert(
        file_id,
        body,
        suspect_text=f"concat_ws({sql_str(fmt.delimiter)}, {columns})",
        day=day,
        kind=sql_str("apache" if fmt.time_kind == "apache" else "iso"),
        addr=values["addr"],
        ua=values.get("ua", "NULL"),
        site=values["host"] if by_site else None,
        cookie=values.get("cookie") if rules.visitor_cookie else None,
    )
