"""A log format as the native scanner's program: the pieces its regular expression is made of.

Every segmented format (combined, common, an nginx log_format, IIS W3C) is written by formats.py from a
small set of pieces: tokens, quoted strings, times, three-digit statuses, sizes and literal text. This
module reads a format's pattern back into those pieces, recognising each by its exact text; anything else
in a pattern (a piece this list does not know) means the format has no program and is counted by DuckDB.

The scanner matches the pieces in order, each taking the longest text it can: that is the first path
Python's matcher tries, so where the scanner's walk succeeds the reference pattern matches with the same
fields, and where it fails the line goes to the reference parser (see _scan.c).
"""

from __future__ import annotations

from nianbao.evidence.logs.formats import APACHE_TIME, CLOCK, ISO_DATE, ISO_TIME, QUOTED, REST, LogFormat

# Piece kinds, as _scan.c numbers them.
(
    LITERAL,
    TOKEN,
    TOKEN0,
    WORD,
    QUOTED_STRING,
    DIGITS3,
    SIZE,
    APACHE,
    ISOTIME,
    ISODATE,
    CLOCK_TIME,
    ALPHA,
    REST_OF_LINE,
) = range(13)

# Fields, as _scan.c numbers them (IIS logs its date and its clock apart: the date is the time's day).
FIELDS = {
    "addr": 0,
    "time": 1,
    "date": 1,
    "request": 2,
    "method": 3,
    "target": 4,
    "status": 5,
    "ua": 6,
    "host": 7,
    "cookie": 8,
}
NO_FIELD = -1

# The text of each piece in a pattern (without its capturing parentheses).
PIECES: list[tuple[str, int]] = [
    (QUOTED[1:-1], QUOTED_STRING),
    (APACHE_TIME, APACHE),
    (ISO_TIME, ISOTIME),
    (ISO_DATE, ISODATE),
    (CLOCK, CLOCK_TIME),
    ('[^ "]+', TOKEN),
    ('[^ \\"]+', TOKEN),
    ('[^ "]*', TOKEN0),
    ('[^ \\"]*', TOKEN0),
    ("[^ ]+", WORD),
    (r"\d{3}", DIGITS3),
    ("[A-Za-z]+", ALPHA),
]
# Pieces that only ever appear bare (never as a group of their own).
BARE: list[tuple[str, int]] = [(r"(?:\d+|-)", SIZE), (REST, REST_OF_LINE)]
_META = set(".^$*+?{}[]()|\\")


def _piece_at(pattern: str, pos: int) -> tuple[int, int, bool] | None:
    """Return (kind, length, captures) of the piece at `pos`, or None where literal text is."""
    for text, kind in PIECES:
        for before, after, captures in (("(", ")", True), ("(?:", ")", False), ("", "", False)):
            whole = before + text + after
            if pattern.startswith(whole, pos):
                return kind, len(whole), captures
    for text, kind in BARE:
        if pattern.startswith(text, pos):
            return kind, len(text), False
    return None


def program_of(fmt: LogFormat) -> list[tuple[int, int, bytes]] | None:
    """Return the scanner program of a format, or None when its pattern holds a piece not known here."""
    pattern = fmt.pattern
    fields = list(fmt.fields)
    program: list[tuple[int, int, bytes]] = []
    literal: list[str] = []

    def flush() -> None:
        if literal:
            program.append((LITERAL, NO_FIELD, "".join(literal).encode("utf-8")))
            literal.clear()

    pos = 0
    while pos < len(pattern):
        found = _piece_at(pattern, pos)
        if found is not None:
            kind, length, captures = found
            flush()
            field = NO_FIELD
            if captures:
                if not fields:
                    return None
                name = fields.pop(0)
                field = FIELDS.get(name, NO_FIELD)  # IIS's clock is matched but not needed
            program.append((kind, field, b""))
            pos += length
            continue
        char = pattern[pos]
        if char == "\\":
            escaped = pattern[pos + 1 : pos + 2]
            if not escaped or escaped.isalnum():
                return None  # \d, \s ... outside a known piece
            literal.append(escaped)
            pos += 2
        elif char in _META:
            return None
        else:
            literal.append(char)
            pos += 1
    flush()
    if fields:
        return None
    if any(kind == REST_OF_LINE for kind, _, _ in program[:-1]):
        return None  # the scanner takes the rest of a line only at its end
    return program
