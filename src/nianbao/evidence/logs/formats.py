"""Log formats as data: each is one regular expression whose groups are the fields nianbao needs.

The same pattern is the definition of a well-formed line for every engine: Python's `re` (the reference),
DuckDB's RE2 and Spark's Java regex all accept the subset used here (no look-around, no named groups, \\d
meaning ASCII digits). Fields: addr, time (Apache "10/Oct/2020:13:55:36 +0800" or ISO 8601), date + clock
(IIS), request or method + target, status, ua, host, cookie.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nianbao.evidence.errors import EvidenceError

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
CLOCK = r"(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d"
APACHE_TIME = rf"\d\d/(?:{'|'.join(MONTHS)})/\d{{4}}:{CLOCK} [+-]\d{{4}}"
ISO_TIME = rf"\d{{4}}-\d\d-\d\dT{CLOCK}(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?"
# A quoted field as Apache and nginx write it: no bare quote inside, a backslash escapes the next character.
QUOTED = r'((?:[^"\\]|\\[\s\S])*)'
TOKEN = r'([^ "]+)'
SKIP_TOKEN = r'[^ "]+'
SIZE = r"(?:\d+|-)"


@dataclass(frozen=True)
class LogFormat:
    """One log format: a name, its pattern, and the field each group holds."""

    name: str
    label: str
    pattern: str
    fields: tuple[str, ...]
    # "apache" (10/Oct/2020:13:55:36 +0800), "iso" (2020-10-10T13:55:36+08:00) or "iis" (date + clock fields)
    time_kind: str = "apache"
    # Lines starting with this are directives, not log lines (IIS "#Fields: ...").
    comment_prefix: str = ""

    @property
    def has_ua(self) -> bool:
        return "ua" in self.fields

    def compiled(self) -> re.Pattern[str]:
        return _compile(self.pattern)


_CACHE: dict[str, re.Pattern[str]] = {}


def _compile(pattern: str) -> re.Pattern[str]:
    if pattern not in _CACHE:
        _CACHE[pattern] = re.compile(pattern, re.ASCII)
    return _CACHE[pattern]


COMBINED = LogFormat(
    name="combined",
    label="nginx/Apache combined",
    pattern=(
        rf'{TOKEN} {SKIP_TOKEN} {SKIP_TOKEN} \[({APACHE_TIME})\] "{QUOTED}" (\d{{3}}) {SIZE} '
        rf'"{QUOTED[1:-1]}" "{QUOTED}"'
    ),
    fields=("addr", "time", "request", "status", "ua"),
)
COMMON = LogFormat(
    name="common",
    label="nginx/Apache common",
    pattern=rf'{TOKEN} {SKIP_TOKEN} {SKIP_TOKEN} \[({APACHE_TIME})\] "{QUOTED}" (\d{{3}}) {SIZE}',
    fields=("addr", "time", "request", "status"),
)

# nginx variables with a known shape; any other variable is a token (or a quoted string inside quotes).
_NGINX_VARS = {
    "remote_addr": ("addr", r"([^ \"]+)"),
    "time_local": ("time", rf"({APACHE_TIME})"),
    "time_iso8601": ("time", rf"({ISO_TIME})"),
    "request": ("request", None),
    "request_method": ("method", r"([A-Za-z]+)"),
    "request_uri": ("target", r"([^ \"]*)"),
    "status": ("status", r"(\d{3})"),
    "http_user_agent": ("ua", None),
    "host": ("host", r"([^ \"]*)"),
    "http_host": ("host", r"([^ \"]*)"),
    "server_name": ("host", r"([^ \"]*)"),
}


def nginx_format(log_format: str, cookie: str = "") -> LogFormat:
    """Build a format from an nginx log_format string, e.g. '$remote_addr - [$time_local] "$request" ...'."""
    pattern: list[str] = []
    fields: list[str] = []
    pos = 0
    time_kind = ""
    for match in re.finditer(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?", log_format):
        literal = log_format[pos : match.start()]
        pattern.append(re.escape(literal).replace("\\ ", " "))
        name = match.group(1)
        quoted = literal.endswith('"') and log_format[match.end() : match.end() + 1] == '"'
        field, group = _NGINX_VARS.get(name, (None, None))
        if cookie and name == f"cookie_{cookie}":
            field, group = "cookie", None
        if field is None or group is None:
            group = QUOTED if quoted else r'([^ "]*)'
        if field is not None and field in fields:
            field = None  # a field logged twice: the first one counts
        if field is None:
            group = "(?:" + group[1:]
        else:
            fields.append(field)
            if field == "time":
                time_kind = "iso" if name == "time_iso8601" else "apache"
        pattern.append(group)
        pos = match.end()
    pattern.append(re.escape(log_format[pos:]).replace("\\ ", " "))
    missing = [f for f in ("addr", "time", "status") if f not in fields]
    if "request" not in fields and not {"method", "target"} <= set(fields):
        missing.append("request")
    if missing:
        names = {
            "addr": "$remote_addr",
            "time": "$time_local 或 $time_iso8601",
            "status": "$status",
            "request": "$request（或 $request_method 与 $request_uri）",
        }
        raise EvidenceError(
            f"nginx log_format“{log_format}”缺少计算 PV/UV 所需的变量："
            f"{'、'.join(names[m] for m in missing)}。"
        )
    return LogFormat(
        name="nginx",
        label=f"nginx log_format {log_format}",
        pattern="".join(pattern),
        fields=tuple(fields),
        time_kind=time_kind,
    )


# IIS W3C extended log fields nianbao uses and the pattern of each (space-separated, never quoted).
_IIS_FIELDS = {
    "date": ("date", r"(\d{4}-\d\d-\d\d)"),
    "time": ("clock", rf"({CLOCK})"),
    "c-ip": ("addr", r"([^ ]+)"),
    "cs-method": ("method", r"([^ ]+)"),
    "cs-uri-stem": ("target", r"([^ ]+)"),
    "sc-status": ("status", r"(\d{3})"),
    "cs(User-Agent)": ("ua", r"([^ ]+)"),
    "cs-host": ("host", r"([^ ]+)"),
}


def iis_format(fields_line: str) -> LogFormat:
    """Build a format from an IIS '#Fields:' directive."""
    names = fields_line.split(":", 1)[1].split()
    pattern: list[str] = []
    fields: list[str] = []
    for name in names:
        field, group = _IIS_FIELDS.get(name, (None, r"[^ ]+"))
        if field is not None:
            fields.append(field)
        pattern.append(group)
    missing = [n for n in ("date", "time", "c-ip", "cs-method", "cs-uri-stem", "sc-status") if n not in names]
    if missing:
        raise EvidenceError(f"IIS 日志的 #Fields 缺少计算 PV/UV 所需的字段：{'、'.join(missing)}。")
    return LogFormat(
        name="iis",
        label="IIS W3C extended",
        pattern=" ".join(pattern),
        fields=tuple(fields),
        time_kind="iis",
        comment_prefix="#",
    )


BUILTIN = {"combined": COMBINED, "common": COMMON}
