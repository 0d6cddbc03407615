"""Read a log line by line in Python with the reference parser: for formats without a fast path, and as
the fallback for a file a fast path cannot read (a truncated .gz, mixed line endings)."""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Callable, Iterator

from nianbao.evidence.logs.formats import LogFormat
from nianbao.evidence.logs.groups import Examples, PythonGroups
from nianbao.evidence.logs.inflate import broken_stream_note
from nianbao.evidence.logs.inputs import LogFile
from nianbao.evidence.logs.reference import Record, parse_json_line, parse_line


def iter_lines(log: LogFile, notes: list[str]) -> Iterator[str]:
    """Yield the non-empty lines of a file (\\n, \\r\\n or \\r end a line); note where a .gz breaks off."""
    raw = gzip.open(log.path, "rb") if log.gzipped else log.path.open("rb")  # noqa: SIM115 (closed by the wrapper)
    # surrogateescape keeps every byte: two lines that differ in an invalid byte stay different.
    count = 0
    with io.TextIOWrapper(raw, encoding="utf-8", errors="surrogateescape", newline=None) as text:
        try:
            for line in text:
                line = line.rstrip("\n")
                if line:
                    count += 1
                    yield line
        except (EOFError, gzip.BadGzipFile, zlib.error, OSError) as exc:
            notes.append(broken_stream_note(log.name, exc, count))


def parser_for(fmt: LogFormat | None, cookie: str) -> Callable[[str], Record | None]:
    """Return the reference parser of a format (None: JSON lines)."""
    if fmt is None:
        return lambda line: parse_json_line(line, cookie)
    return lambda line: parse_line(fmt, line)


def count_file(
    log: LogFile,
    file_id: int,
    fmt: LogFormat | None,
    groups: PythonGroups,
    examples: Examples,
    notes: list[str],
    con: object,
) -> int:
    """Count every line of a file into `groups` (flushed into table g); return the number of lines."""
    parse = parser_for(fmt, groups.rules.visitor_cookie)
    comment = fmt.comment_prefix if fmt is not None else ""
    lines = 0
    for line in iter_lines(log, notes):
        if comment and line.startswith(comment):
            continue
        lines += 1
        record = parse(line)
        if record is None:
            examples.add(log.name, line)
        groups.add(file_id, record)
        if lines % 200_000 == 0:
            groups.flush(con)
    groups.flush(con)
    return lines
