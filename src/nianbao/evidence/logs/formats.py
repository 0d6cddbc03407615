"""Log formats as data: each is one regular expression whose groups are the fields nianbao needs.

The same pattern is the definition of a well-formed line for every engine: Python's `re` (the reference),
DuckDB's RE2 and Spark's Java regex all accept the subset used here (no look-around, no named groups, \\d
meaning ASCII digits). Fields: addr, time (Apache "10/Oct/2020:13:55:36 +0800" or ISO 8601), date + clock
(IIS), request or method + target, status, ua, host, cookie.

Formats whose fields are separated by double quotes (combined, common, nginx log_format) are also given as
segments: the texts before, between and after the quotes. The pattern is built by joining the segments'
patterns with quotes, so the fast path, which splits a line at its quotes and matches each segment on its
own, holds every line to the same definition.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nianbao.evidence.errors import EvidenceError

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
CLOCK = r"(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d"
# A time is a date (the day as logged) followed by the rest of the time.
APACHE_DATE = rf"\d\d/(?:{'|'.join(MONTHS)})/\d{{4}}"
APACHE_TIME = APACHE_DATE + rf":{CLOCK} [+-]\d{{4}}"
ISO_DATE = r"\d{4}-\d\d-\d\d"
ISO_TIME = ISO_DATE + rf"T{CLOCK}(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?"
# A quoted field as Apache and nginx write it: no bare quote inside, a backslash escapes the next character.
QUOTED = r'((?:[^"\\]|\\[\s\S])*)'
TOKEN = r'([^ "]+)'
SKIP_TOKEN = r'[^ "]+'
SIZE = r"(?:\d+|-)"


@dataclass(frozen=True)
class Segment:
    """The text of a log line before its first double quote, between two, or after the last.

    `pattern` is what the text fully matches; its groups are `fields`. A `quoted` segment is the whole
    content of a quoted string ("$http_user_agent"), where a backslash may escape a quote; `literal` is
    the fixed text of a segment without groups; `first_at` is where the first field starts when only fixed
    text comes before it (" $status ..." has its status at 1).
    """

    pattern: str
    fields: tuple[str, ...] = ()
    quoted: bool = False
    literal: str | None = None
    first_at: int | None = None
    # The segment is exactly its one field (an IIS field between two spaces).
    whole: bool = False


def _literal(text: str) -> str:
    return re.escape(text).replace("\\ ", " ")


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
    # The same pattern cut at its delimiters, for formats built from segments (see split_format): double
    # quotes for combined and nginx formats, spaces for IIS.
    segments: tuple[Segment, ...] = ()
    delimiter: str = '"'

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


def split_format(
    name: str,
    label: str,
    segments: list[Segment],
    time_kind: str = "apache",
    delimiter: str = '"',
    comment_prefix: str = "",
) -> LogFormat:
    """Return the format whose lines are these segments joined by the delimiter (a double quote)."""
    return LogFormat(
        name=name,
        label=label,
        pattern=delimiter.join(segment.pattern for segment in segments),
        fields=tuple(field for segment in segments for field in segment.fields),
        time_kind=time_kind,
        comment_prefix=comment_prefix,
        segments=tuple(segments),
        delimiter=delimiter,
    )


_FIRST = Segment(rf"{TOKEN} {SKIP_TOKEN} {SKIP_TOKEN} \[({APACHE_TIME})\] ", ("addr", "time"))
_REQUEST = Segment(QUOTED, ("request",), quoted=True)
COMBINED = split_format(
    "combined",
    "nginx/Apache combined",
    [
        _FIRST,
        _REQUEST,
        Segment(rf" (\d{{3}}) {SIZE} ", ("status",), first_at=1),
        Segment(QUOTED[1:-1], quoted=True),  # referer
        Segment(" ", literal=" "),
        Segment(QUOTED, ("ua",), quoted=True),
        Segment("", literal=""),
    ],
)
COMMON = split_format(
    "common",
    "nginx/Apache common",
    [_FIRST, _REQUEST, Segment(rf" (\d{{3}}) {SIZE}", ("status",), first_at=1)],
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


class _SegmentBuilder:
    """Collect an nginx log_format's pieces into segments, cutting at each double quote."""

    def __init__(self) -> None:
        self.segments: list[Segment] = []
        self._start()

    def _start(self) -> None:
        self.pattern: list[str] = []
        self.fields: list[str] = []
        self.text: list[str] = []
        self.has_group = False
        self.quoted = False
        self.first_at: int | None = None

    def literal(self, literal: str) -> None:
        for i, part in enumerate(literal.split('"')):
            if i:
                self.end()
            self.pattern.append(_literal(part))
            self.text.append(part)

    def group(self, group: str, field: str | None, quoted: bool) -> None:
        # A quoted group stands alone between two quotes, so its segment holds nothing else.
        self.pattern.append(group)
        if field is not None:
            if not self.fields and not self.has_group:
                self.first_at = len("".join(self.text))
            self.fields.append(field)
        self.has_group = True
        self.quoted = quoted

    def end(self) -> None:
        literal = None if self.has_group else "".join(self.text)
        segment = Segment("".join(self.pattern), tuple(self.fields), self.quoted, literal, self.first_at)
        self.segments.append(segment)
        self._start()


def nginx_format(log_format: str, cookie: str = "") -> LogFormat:
    """Build a format from an nginx log_format string, e.g. '$remote_addr - [$time_local] "$request" ...'."""
    builder = _SegmentBuilder()
    seen: list[str] = []
    pos = 0
    time_kind = ""
    for match in re.finditer(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?", log_format):
        literal = log_format[pos : match.start()]
        builder.literal(literal)
        name = match.group(1)
        quoted = literal.endswith('"') and log_format[match.end() : match.end() + 1] == '"'
        field, group = _NGINX_VARS.get(name, (None, None))
        if cookie and name == f"cookie_{cookie}":
            field, group = "cookie", None
        if field is None or group is None:
            group = QUOTED if quoted else r'([^ "]*)'
        if field is not None and field in seen:
            field = None  # a field logged twice: the first one counts
        if field is None:
            group = "(?:" + group[1:]
        else:
            seen.append(field)
            if field == "time":
                time_kind = "iso" if name == "time_iso8601" else "apache"
        # Only a quoted string's own group lets a backslash escape a quote; "$host" is still a token.
        builder.group(group, field, quoted and group.endswith(QUOTED[1:]))
        pos = match.end()
    builder.literal(log_format[pos:])
    builder.end()
    missing = [f for f in ("addr", "time", "status") if f not in seen]
    if "request" not in seen and not {"method", "target"} <= set(seen):
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
    return split_format("nginx", f"nginx log_format {log_format}", builder.segments, time_kind)


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
    segments: list[Segment] = []
    for name in names:
        field, group = _IIS_FIELDS.get(name, (None, r"[^ ]+"))
        segments.append(Segment(group, (field,), whole=True) if field is not None else Segment(group))
    missing = [n for n in ("date", "time", "c-ip", "cs-method", "cs-uri-stem", "sc-status") if n not in names]
    if missing:
        raise EvidenceError(f"IIS 日志的 #Fields 缺少计算 PV/UV 所需的字段：{'、'.join(missing)}。")
    return split_format(
        "iis", "IIS W3C extended", segments, time_kind="iis", delimiter=" ", comment_prefix="#"
    )


def _named(fmt: LogFormat, name: str, label: str) -> LogFormat:
    return LogFormat(
        name=name,
        label=label,
        pattern=fmt.pattern,
        fields=fmt.fields,
        time_kind=fmt.time_kind,
        comment_prefix=fmt.comment_prefix,
        segments=fmt.segments,
        delimiter=fmt.delimiter,
    )


# Formats servers write out of the box, recognised without --log-format: nginx's "main" (the log_format
# of the nginx.conf it ships: combined, then X-Forwarded-For) and Apache's vhost_combined (Debian's
# other_vhosts_access.log: the virtual host and port, then combined; its host serves --by-site).
NGINX_MAIN = _named(
    nginx_format(
        '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent '
        '"$http_referer" "$http_user_agent" "$http_x_forwarded_for"'
    ),
    "main",
    "nginx main（combined 加 X-Forwarded-For）",
)
VHOST_COMBINED = _named(
    nginx_format(
        '$host:$server_port $remote_addr $remote_ident $remote_user [$time_local] "$request" $status '
        '$bytes_sent "$http_referer" "$http_user_agent"'
    ),
    "vhost_combined",
    "Apache vhost_combined（虚拟主机:端口 加 combined）",
)

# Whatever a line holds after a space, or nothing: fields a site's own log_format appends to combined
# ($request_time, $upstream_response_time, "$http_x_forwarded_for", $host ...), which PV and UV never need.
REST = r"(?: .*)?"
COMBINED_EXTRA = LogFormat(
    name="combined+",
    label="combined（行尾另有字段）",
    pattern=COMBINED.pattern + REST,
    fields=COMBINED.fields,
)

BUILTIN = {
    "combined": COMBINED,
    "common": COMMON,
    "main": NGINX_MAIN,
    "vhost_combined": VHOST_COMBINED,
    "combined+": COMBINED_EXTRA,
}
