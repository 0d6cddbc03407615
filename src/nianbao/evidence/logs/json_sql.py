"""The SQL of DuckDB's fast path for JSON-lines logs, judged exactly as reference.parse_json_line.

Each line is read whole and, when it is valid JSON, the values of every key the reference looks at
(reference.JSON_KEYS, and the visitor cookie) are taken in one parse with json_extract, as JSON text.
A field takes the first of its keys whose value is a string or an integer, as the reference does: JSON
text starting with a quote is a string, and text of digits (after an optional minus) is an integer,
written by DuckDB the way Python writes it. Floats, booleans, null, objects and arrays are passed over.

A string is used without its quotes only when DuckDB wrote it with no backslash left in it: any other
string (a quote or a control character inside) is set aside with the whole line for the reference
parser, and so is a line that is not valid JSON to DuckDB. A key given twice counts with its first
value in both (see reference.parse_json_line).
"""

from __future__ import annotations

from nianbao.evidence.logs.formats import APACHE_DATE, APACHE_TIME, ISO_TIME
from nianbao.evidence.logs.reference import JSON_KEYS
from nianbao.evidence.logs.rules import LogRules
from nianbao.evidence.logs.split_sql import (
    APACHE_DAY_SHAPE,
    csv_source,
    grouped_insert,
    reason_case,
    request_tests,
    sql_str,
    status_test,
)

LINE_DELIMITER = "\x01"  # never in valid JSON text (a control character must be escaped)
_INTEGER = r"-?\d+"
# The Apache time with any capitalised month: the day text is checked afterwards (groups.day_of).
_APACHE_SHAPE = APACHE_DAY_SHAPE + APACHE_TIME[len(APACHE_DATE) :]


def _json_path(key: str) -> str:
    return f'$."{key}"'


def _first_usable(column_of: dict[str, int], keys: tuple[str, ...]) -> str:
    """The JSON text of the first key whose value is a string or an integer, else NULL."""
    whens = " ".join(
        f"WHEN starts_with(v[{column_of[key]}], '\"') OR regexp_full_match(v[{column_of[key]}], "
        f"{sql_str(_INTEGER)}) THEN v[{column_of[key]}]"
        for key in keys
    )
    return f"CASE {whens} END"


def _text(raw: str) -> str:
    """The value of a string or integer's JSON text: a string without its quotes."""
    return f"CASE WHEN starts_with({raw}, '\"') THEN substr({raw}, 2, strlen({raw}) - 2) ELSE {raw} END"


def json_sql(path: str, file_id: int, rules: LogRules, by_site: bool) -> str:
    """Return the INSERT that groups one JSON-lines file into table g."""
    cookie = rules.visitor_cookie
    keys = [key for field_keys in JSON_KEYS.values() for key in field_keys]
    if cookie and cookie not in keys:
        keys.append(cookie)
    column_of = {key: index for index, key in enumerate(keys, start=1)}
    paths = ", ".join(sql_str(_json_path(key)) for key in keys)
    used = ["addr", "time", "request", "method", "target", "status", "ua"] + (["host"] if by_site else [])
    raws = {name: _first_usable(column_of, JSON_KEYS[name]) for name in used}
    if cookie:
        # The cookie counts only as a string, as the reference reads it.
        value = f"v[{column_of[cookie]}]"
        raws["cookie"] = f"CASE WHEN starts_with({value}, '\"') THEN {value} END"
    picked = ", ".join(f"{raw} AS raw_{name}" for name, raw in raws.items())
    # A backslash left in a used string is an escape only the reference decodes.
    escaped = " OR ".join(f"coalesce(contains(raw_{name}, '\\'), false)" for name in raws)
    values = ", ".join(f"{_text(f'raw_{name}')} AS {name}" for name in raws)
    method_ok, page = request_tests({"method": "method", "target": "target"}, rules)
    well_formed = (
        "v IS NOT NULL AND NOT escaped AND addr <> '' AND kind IS NOT NULL "
        r"AND regexp_full_match(status, '\d{3}') AND method IS NOT NULL AND target IS NOT NULL"
    )
    body = f"""
    WITH x AS (
      -- json_extract fails on text that is not JSON, hence json_valid first; VARCHAR[] keeps the JSON text.
      SELECT f1 AS line,
        CASE WHEN f2 IS NULL AND json_valid(f1) THEN json_extract(f1, [{paths}])::VARCHAR[] END AS v
      FROM {csv_source(path, 2, "utf-8", LINE_DELIMITER)}
    ), y AS (
      SELECT line, v, {picked} FROM x
    ), z AS (
      SELECT line, v, {escaped} AS escaped, {values} FROM y
    ), w AS (
      -- A request is split as the reference splits it: its first two space-separated parts.
      SELECT line, v, escaped, addr, status, ua, {"host, " if by_site else ""}{"cookie, " if cookie else ""}
        CASE WHEN request IS NOT NULL THEN split_part(request, ' ', 1) ELSE method END AS method,
        CASE WHEN request IS NOT NULL THEN split_part(request, ' ', 2) ELSE target END AS target,
        CASE WHEN regexp_full_match(time, {sql_str(_APACHE_SHAPE)}) THEN 'apache'
             WHEN regexp_full_match(time, {sql_str(ISO_TIME)}) THEN 'iso' END AS kind,
        time
      FROM z
    ), c AS (
      SELECT *, {reason_case(well_formed, method_ok, status_test("status", rules), page)} AS r
      FROM w
    )"""
    return grouped_insert(
        file_id,
        body,
        suspect_text="line",
        day="CASE kind WHEN 'apache' THEN substr(time, 1, 11) ELSE substr(time, 1, 10) END",
        kind="kind",
        addr="addr",
        ua="coalesce(ua, '')",
        site="coalesce(host, '')" if by_site else None,
        cookie="cookie" if cookie else None,
    )
