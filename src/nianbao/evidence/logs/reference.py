"""The reference reading of one log line: parse it by its format, then classify it by the rules.

This is the definition the engines are held to. DuckDB and Spark compute the same answers in bulk; this
module handles the few lines the fast paths set aside, and the tests compare the engines with it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass

from nianbao.evidence.logs.formats import APACHE_TIME, ISO_TIME, MONTHS, LogFormat
from nianbao.evidence.logs.rules import LogRules

# Why a line is not a page view, in the order the rules are applied; "page" is a page view.
REASONS = ("malformed", "other_year", "method", "status", "static", "robot", "page")
REASON_LABELS = {
    "malformed": "格式不符（无法按日志格式解析）",
    "other_year": "其他年份",
    "method": "非 GET 请求或请求目标为空",
    "status": "状态码不是 2xx 或 304（错误、跳转等）",
    "static": "静态资源与附件（css、js、图片、字体、pdf/doc/xls 等）",
    "robot": "爬虫、监测与脚本（含空浏览器标识）",
    "page": "页面浏览（计入 PV）",
}
_MONTH = {name: i + 1 for i, name in enumerate(MONTHS)}
_APACHE_DAY = re.compile(r"(\d\d)/([A-Z][a-z][a-z])/(\d{4})", re.ASCII)
_ISO_DAY = re.compile(r"(\d{4})-(\d\d)-(\d\d)", re.ASCII)
_APACHE_RE = re.compile(APACHE_TIME, re.ASCII)
_ISO_RE = re.compile(ISO_TIME, re.ASCII)


@dataclass(frozen=True)
class Record:
    """The fields of one well-formed line that the rules look at."""

    addr: str
    day: dt.date
    method: str
    target: str
    status: int
    ua: str | None  # None: the format records no user agent
    host: str = ""
    cookie: str = ""


def apache_day(text: str) -> dt.date | None:
    """Return the date of '10/Oct/2020' (the first 11 characters of an Apache time), or None if invalid."""
    match = _APACHE_DAY.fullmatch(text)
    if not match or match.group(2) not in _MONTH:
        return None
    try:
        return dt.date(int(match.group(3)), _MONTH[match.group(2)], int(match.group(1)))
    except ValueError:
        return None


def iso_day(text: str) -> dt.date | None:
    """Return the date of '2020-10-10', or None if invalid."""
    match = _ISO_DAY.fullmatch(text)
    if not match:
        return None
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def split_request(request: str) -> tuple[str, str]:
    """Return (method, target) of a request 'GET /path?q HTTP/1.1': its first two space-separated parts."""
    parts = request.split(" ", 2)
    return parts[0], parts[1] if len(parts) > 1 else ""


def parse_line(fmt: LogFormat, line: str) -> Record | None:
    """Return the record of a well-formed line, or None when the line is malformed."""
    match = fmt.compiled().fullmatch(line)
    if match is None:
        return None
    values = dict(zip(fmt.fields, match.groups(), strict=True))
    if fmt.time_kind == "apache":
        day = apache_day(values["time"][:11])
    elif fmt.time_kind == "iso":
        day = iso_day(values["time"][:10])
    else:
        day = iso_day(values["date"])
    if day is None:
        return None
    if "request" in values:
        method, target = split_request(values["request"])
    else:
        method, target = values["method"], values["target"]
    return Record(
        addr=values["addr"],
        day=day,
        method=method,
        target=target,
        status=int(values["status"]),
        ua=values.get("ua") if fmt.has_ua else None,
        host=values.get("host", ""),
        cookie=values.get("cookie", ""),
    )


# JSON-lines logs: each field is taken from the first of these keys the object has.
JSON_KEYS = {
    "addr": ("remote_addr", "client_ip", "ip", "c-ip"),
    "time": ("time_local", "time_iso8601", "time", "timestamp", "@timestamp"),
    "request": ("request",),
    "method": ("request_method", "method"),
    "target": ("request_uri", "uri", "url", "path"),
    "status": ("status", "response_status", "sc-status"),
    "ua": ("http_user_agent", "user_agent", "agent", "ua"),
    "host": ("host", "http_host", "server_name"),
}


def _json_field(data: dict[str, object], field: str) -> str | None:
    for key in JSON_KEYS[field]:
        value = data.get(key)
        if isinstance(value, str):
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
    return None


def _first_of_each_key(pairs: list[tuple[str, object]]) -> dict[str, object]:
    """An object whose keys keep their first value: JSON leaves a repeated key's meaning open, and
    DuckDB's fast path (json_extract) reads the first, so the definition reads the first too."""
    data: dict[str, object] = {}
    for key, value in pairs:
        data.setdefault(key, value)
    return data


def parse_json_line(line: str, cookie: str = "") -> Record | None:
    """Return the record of a JSON-lines log line, or None when it is not a usable JSON object."""
    try:
        data = json.loads(line, object_pairs_hook=_first_of_each_key)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    addr, time, status = _json_field(data, "addr"), _json_field(data, "time"), _json_field(data, "status")
    if not addr or time is None or status is None or not re.fullmatch(r"\d{3}", status, re.ASCII):
        return None
    if _APACHE_RE.fullmatch(time):
        day = apache_day(time[:11])
    elif _ISO_RE.fullmatch(time):
        day = iso_day(time[:10])
    else:
        return None
    if day is None:
        return None
    request = _json_field(data, "request")
    if request is not None:
        method, target = split_request(request)
    else:
        named_method, named_target = _json_field(data, "method"), _json_field(data, "target")
        if named_method is None or named_target is None:
            return None
        method, target = named_method, named_target
    ua = _json_field(data, "ua")
    cookie_value = data.get(cookie) if cookie else None
    return Record(
        addr=addr,
        day=day,
        method=method,
        target=target,
        status=int(status),
        ua=ua if ua is not None else "",
        host=_json_field(data, "host") or "",
        cookie=cookie_value if isinstance(cookie_value, str) else "",
    )


def request_reason(record: Record, rules: LogRules) -> str:
    """Return "method", "status" or "static" for a request that is not a page view, else "candidate"."""
    if record.method not in rules.methods or record.target == "":
        return "method"
    if not rules.status_counts(record.status):
        return "status"
    if not rules.is_page(record.target):
        return "static"
    return "candidate"


def classify(record: Record | None, rules: LogRules, year: int) -> str:
    """Return the first rule a parsed line fails (one of REASONS), or "page" for a page view."""
    if record is None:
        return "malformed"
    if record.day.year != year:
        return "other_year"
    reason = request_reason(record, rules)
    if reason != "candidate":
        return reason
    if record.ua is not None and rules.is_robot(record.ua):
        return "robot"
    return "page"


def visitor(record: Record, rules: LogRules) -> tuple[str, str]:
    """Return the visitor key of a page view: the cookie value when configured and set, else address + UA."""
    if rules.visitor_cookie and record.cookie not in ("", "-"):
        return ("", record.cookie)  # no address is empty, so a cookie never equals an address key
    return (record.addr, record.ua or "")


def split_lines(data: str) -> list[str]:
    """Split text into log lines as the engines do: at \\n, \\r\\n or \\r, dropping empty lines."""
    return [line for line in re.split(r"\r\n|\r|\n", data) if line]
