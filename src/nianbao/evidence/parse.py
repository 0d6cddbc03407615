"""Reading the cells of exports: times (in Beijing time) and yes/no flags, as exports write them."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

# The sites report in Beijing time; a time written with an offset is converted, one without is taken as is.
BEIJING = dt.timezone(dt.timedelta(hours=8), "北京时间")

_DATETIME = re.compile(
    r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?"
    r"(?:[ T]+(\d{1,2})[:时](\d{1,2})(?:分|[:分](\d{1,2})(?:\.(\d{1,6}))?秒?)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?$"
)
TRUE_WORDS = {"是", "y", "yes", "true", "t", "1", "√", "✓", "✔", "公开", "外链"}
FALSE_WORDS = {"否", "n", "no", "false", "f", "0", "×", "✗", "不公开", "非外链"}


def _beijing(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(BEIJING).replace(tzinfo=None)


def parse_time(raw: Any) -> dt.datetime | None:
    """Return the time in Beijing time (naive), None for an empty cell; ValueError when unreadable.

    Accepts datetimes (from spreadsheets), texts like 2020-01-05 09:30, 2020/1/5, 2020年1月5日 9时30分,
    ISO 8601 with an offset, and Unix timestamps (seconds, or milliseconds when larger than 10^11).
    """
    if raw is None:
        return None
    if isinstance(raw, dt.datetime):
        return _beijing(raw)
    if isinstance(raw, dt.date):
        return dt.datetime(raw.year, raw.month, raw.day)
    if isinstance(raw, bool):
        raise ValueError(raw)
    if isinstance(raw, int | float):
        seconds = raw / 1000 if raw > 1e11 else raw
        return _beijing(dt.datetime.fromtimestamp(seconds, dt.UTC))
    if isinstance(raw, str) and len(raw) >= 10 and raw[4:5] == "-":
        # Most exports write ISO 8601; the standard parser reads it several times faster than the pattern.
        try:
            return _beijing(dt.datetime.fromisoformat(raw.strip()))
        except ValueError:
            pass
    text = unicodedata.normalize("NFKC", str(raw)).strip()
    if not text:
        return None
    if text.isdigit():
        return parse_time(int(text))
    match = _DATETIME.match(text)
    if match is None:
        raise ValueError(text)
    year, month, day, hour, minute, second, fraction, offset = match.groups()
    moment = dt.datetime(
        int(year),
        int(month),
        int(day),
        int(hour or 0),
        int(minute or 0),
        int(second or 0),
        int((fraction or "0").ljust(6, "0")),
    )
    if offset:
        if offset == "Z":
            zone = dt.UTC
        else:
            sign = -1 if offset[0] == "-" else 1
            digits = offset[1:].replace(":", "")
            zone = dt.timezone(sign * dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
        moment = _beijing(moment.replace(tzinfo=zone))
    return moment


def parse_flag(raw: Any) -> bool | None:
    """Return a yes/no cell as a bool, None for an empty cell; ValueError when it is neither."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int | float) and raw in (0, 1):
        return bool(raw)
    text = unicodedata.normalize("NFKC", str(raw)).strip().casefold()
    if not text:
        return None
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise ValueError(text)


def cell_text(raw: Any) -> str:
    """Return a cell as stripped text ('' for empty), for messages and keys."""
    return "" if raw is None else str(raw).strip()
