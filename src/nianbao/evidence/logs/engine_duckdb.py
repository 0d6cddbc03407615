"""DuckDB engine: combined-format logs through DuckDB's CSV reader, grouped before classification.

The CSV reader splits each line at its double quotes (no quoting, no escape), so a combined line
`addr ident user [time] "request" status size "referer" "user agent"` becomes exactly seven fields:
f1 = 'addr ident user [time] ', f2 = request, f3 = ' status size ', f4 = referer, f5 = ' ', f6 = user agent,
f7 = ''. Cheap tests on those fields (short regular expressions, prefix and suffix tests) prove a line
well-formed by the reference pattern; any line they cannot prove (a quote escaped inside a field, a field
ending in a backslash, a wrong number of quotes, an encoding error) is set aside whole and judged by the
reference parser in Python. So the malformed count is exact, and only odd lines pay for Python.
"""

from __future__ import annotations

import os
import queue
import re
import tempfile
import threading
import zlib
from collections.abc import Iterator
from pathlib import Path

import duckdb
from isal import isal_zlib as inflate

from nianbao.evidence.logs.formats import CLOCK, COMBINED
from nianbao.evidence.logs.groups import Examples, PythonGroups
from nianbao.evidence.logs.inputs import LogFile
from nianbao.evidence.logs.reference import parse_line
from nianbao.evidence.logs.rules import LogRules

# The first field, anchored, with the client address and the day as logged captured: one RE2 pass both
# proves the field well-formed and splits out the two parts grouping needs (cheaper than a full match
# followed by two string functions).
_F1 = rf'^([^ "]+) [^ "]+ [^ "]+ \[(.{{2}}/.{{3}}/.{{4}}):{CLOCK} [+-]\d{{4}}\] $'
_F3 = r" \d{3} (?:\d+|-) "
_NULL = "\x02\x03"  # never in a log line: empty fields read as '' and only missing fields as NULL


def _sql_str(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _ci(text: str) -> str:
    """Return a regex matching `text` with ASCII letters in either case (RE2's (?i) folds non-ASCII too)."""
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isascii() and c.isalpha() else re.escape(c) for c in text)


def page_request_pattern(rules: LogRules) -> str:
    """Return the regex a request line fully matches when its target is a page (as LogRules.is_page).

    The target is the request's second space-separated part; its path ends at the first "?". A page's
    path has a last /-segment without a dot, or ends in "." and a page extension.
    """
    path = r"(?:[^ ?]*/)?[^ ?/.]*"
    if rules.page_extensions:
        exts = "|".join(_ci(e) for e in rules.page_extensions)
        path = rf"(?:{path}|[^ ?]*\.(?:{exts}))"
    return rf"[^ ]* {path}(?:[? ].*)?"


def _csv_source(path: str, encoding: str) -> str:
    columns = "{" + ", ".join(f"'f{i}': 'VARCHAR'" for i in range(1, 9)) + "}"
    return (
        f"read_csv({_sql_str(path)}, delim='\"', quote='', escape='', header=false, auto_detect=false, "
        f"columns={columns}, null_padding=true, nullstr={_sql_str(_NULL)}, strict_mode=true, "
        f"store_rejects=true, max_line_size=10000000, encoding='{encoding}', parallel=true)"
    )


def combined_sql(path: str, file_id: int, rules: LogRules, encoding: str = "utf-8") -> str:
    """Return the INSERT that groups one combined-format file into table g."""
    methods = ", ".join(_sql_str(m) for m in rules.methods) or "NULL"
    statuses = ", ".join(_sql_str(str(s)) for s in rules.extra_statuses) or "NULL"
    single_get = rules.methods == ("GET",)
    # The target (second space-separated part) must not be empty: "GET " followed by a non-space.
    method_ok = (
        "starts_with(f2, 'GET ') AND NOT starts_with(f2, 'GET  ') AND strlen(f2) > 4"
        if single_get
        else f"split_part(f2, ' ', 1) IN ({methods}) AND split_part(f2, ' ', 2) <> ''"
    )
    well_formed = (
        "f5 = ' ' AND f7 = '' AND f8 IS NULL AND t.ip <> '' "
        f"AND regexp_full_match(f3, {_sql_str(_F3)}) "
        "AND NOT ends_with(f2, '\\') AND NOT ends_with(f4, '\\') AND NOT ends_with(f6, '\\')"
    )
    page = f"regexp_full_match(f2, {_sql_str(page_request_pattern(rules))})"
    return f"""
    INSERT INTO g
    -- t (address and day) and r are each computed in their own subquery and only referred to above it:
    -- a lateral alias in the same SELECT would be expanded, evaluating it once per reference.
    -- Reasons are small integers until after grouping (0 suspect, 1 method, 2 status, 3 static,
    -- 4 candidate): cheaper to hash.
    WITH x AS (
      SELECT f1, f2, f3, f4, f5, f6, f7, f8, regexp_extract(f1, {_sql_str(_F1)}, ['ip', 'd']) AS t
      FROM {_csv_source(path, encoding)}
    ), c AS (
      SELECT f1, f2, f3, f4, f5, f6, f7, f8, t,
        CASE WHEN NOT coalesce(({well_formed}), false) THEN 0
             WHEN NOT ({method_ok}) THEN 1
             WHEN NOT (substr(f3, 2, 1) = '2' OR substr(f3, 2, 3) IN ({statuses})) THEN 2
             WHEN NOT {page} THEN 3
             ELSE 4 END AS r
      FROM x
    )
    SELECT {file_id} AS f, '' AS site, d, 'apache' AS kind,
      CASE r WHEN 0 THEN 'suspect' WHEN 1 THEN 'method' WHEN 2 THEN 'status' WHEN 3 THEN 'static'
             ELSE 'candidate' END AS r,
      ip, ua, NULL AS cookie, n
    FROM (
      SELECT
        CASE WHEN r = 0 THEN concat_ws('"', f1, f2, f3, f4, f5, f6, f7, f8)
             ELSE t.d END AS d,
        r,
        CASE WHEN r = 4 THEN t.ip END AS ip,
        CASE WHEN r = 4 THEN f6 END AS ua,
        count(*) AS n
      FROM c GROUP BY ALL
    )
    """


def count_combined(
    con: duckdb.DuckDBPyConnection,
    log: LogFile,
    file_id: int,
    rules: LogRules,
    groups: PythonGroups,
    examples: Examples,
    name: str = "",
) -> int:
    """Count a combined-format file into table g; return its number of lines. Raises duckdb.Error.

    A chunk of a larger file is counted under that file's `name` and id, and only its lines are returned.
    """
    name = name or log.name
    chunk_id = -1 - file_id  # rows of this chunk alone, until they are complete
    encoding = "utf-8"
    while True:
        con.execute("DROP TABLE IF EXISTS reject_errors")
        con.execute("DROP TABLE IF EXISTS reject_scans")
        con.execute(combined_sql(str(log.path), chunk_id, rules, encoding))
        rejects = con.execute(
            "SELECT line, any_value(error_type), any_value(csv_line) FROM reject_errors GROUP BY line"
        ).fetchall()
        if encoding == "utf-8" and any(str(kind) == "INVALID ENCODING" for _, kind, _ in rejects):
            # Bytes that are not UTF-8: read the file again byte for byte (Latin-1 maps every byte).
            con.execute("DELETE FROM g WHERE f = ?", [chunk_id])
            encoding = "latin-1"
            continue
        break
    # Lines set aside by the fast tests (grouped by their text) and lines the CSV reader rejected.
    suspects = con.execute("SELECT d, n FROM g WHERE f = ? AND r = 'suspect'", [chunk_id]).fetchall()
    con.execute("DELETE FROM g WHERE f = ? AND r = 'suspect'", [chunk_id])
    lines = [(text, int(n)) for text, n in suspects]
    lines += [(str(csv_line).strip("\r\n"), 1) for _, _, csv_line in rejects]
    for text, n in lines:
        record = parse_line(COMBINED, text)
        if record is None:
            for _ in range(min(n, 5)):
                examples.add(name, text)
        groups.add(chunk_id, record, n)
    groups.flush(con)
    (total,) = con.execute("SELECT coalesce(sum(n), 0) FROM g WHERE f = ?", [chunk_id]).fetchone() or (0,)
    con.execute("UPDATE g SET f = ? WHERE f = ?", [file_id, chunk_id])
    return int(total)


# A .gz file is one compressed stream, which DuckDB reads on one thread. Decompressing it on another thread
# into plain chunk files (cut at line ends) lets DuckDB read each chunk in parallel while the next is being
# decompressed. The chunk files are a pool of CHUNKS_AHEAD + 1 files, overwritten in turn rather than
# created and deleted, so memory and disk use stay bounded and the kernel reuses the same cached pages
# instead of allocating and freeing 2 GB of them; decompressed pieces go straight into the file, never
# joined into one large buffer.
CHUNK_BYTES = 64 << 20
CHUNKS_AHEAD = 2
READ_BYTES = 512 << 10  # compressed bytes per inflate call: a few MB out, reused by the allocator


def _inflate(path: Path) -> Iterator[bytes]:
    """Yield the decompressed bytes of a gzip file (all members); raise EOFError where it is cut short.

    The inflater is fed block by block so that everything before a break is yielded first (gzip.read
    discards the block in which the stream ends early). ISA-L's inflate (isal) is about twice as fast as
    zlib's; both release the GIL while they work.
    """
    inflater = inflate.decompressobj(16 + zlib.MAX_WBITS)
    fed = False  # whether the current member has received any bytes
    with path.open("rb") as source:
        while block := source.read(READ_BYTES):
            while block:
                fed = True
                yield inflater.decompress(block)
                if not inflater.eof:
                    break
                # The end of one gzip member: the rest of the block starts the next one.
                block = inflater.unused_data
                inflater = inflate.decompressobj(16 + zlib.MAX_WBITS)
                fed = False
    if fed and not inflater.eof:
        raise EOFError("compressed file ended before the end-of-stream marker was reached")


class _ChunkWriter:
    """Write decompressed pieces into pooled chunk files, handing each on at a line end past the size."""

    def __init__(self, free: queue.Queue[str], out: queue.Queue[object], chunk_bytes: int) -> None:
        self.free, self.out, self.chunk_bytes = free, out, chunk_bytes
        self.fd = -1
        self.path = ""
        self.size = 0
        self.complete = 0  # bytes of the current chunk up to and including its last newline

    def write(self, piece: bytes) -> None:
        start, size = 0, len(piece)
        while start < size:
            if self.fd < 0:
                self.path = self.free.get()
                # No O_TRUNC: the file's old pages are overwritten in place; ftruncate trims the tail.
                self.fd = os.open(self.path, os.O_WRONLY | os.O_CREAT, 0o600)
                self.size = self.complete = 0
            end = size
            if self.size + size - start >= self.chunk_bytes:
                end = piece.rfind(b"\n", start) + 1 or size
            self._write_all(memoryview(piece)[start:end])
            newline = piece.rfind(b"\n", start, end)
            if newline >= 0:
                self.complete = self.size - (end - newline - 1)
            start = end
            if self.size >= self.chunk_bytes and self.complete == self.size:
                self.finish()

    def _write_all(self, view: memoryview) -> None:
        while view:
            written = os.write(self.fd, view)
            view = view[written:]
            self.size += written

    def finish(self, keep: int | None = None) -> None:
        """Hand the current chunk on (its first `keep` bytes only, when given)."""
        if self.fd < 0:
            return
        size = self.size if keep is None else keep
        os.ftruncate(self.fd, size)
        os.close(self.fd)
        self.fd = -1
        if size:
            self.out.put(self.path)
        else:
            self.free.put(self.path)


def _decompress_chunks(
    log: LogFile, free: queue.Queue[str], out: queue.Queue[object], chunk_bytes: int
) -> None:
    """Write the decompressed file as chunk files; put each path on `out`, then None (or the error)."""
    writer = _ChunkWriter(free, out, chunk_bytes)
    try:
        for piece in _inflate(log.path):
            writer.write(piece)
        writer.finish()
    except (EOFError, OSError, zlib.error, inflate.error) as exc:
        # Keep the complete lines decompressed before the break; the cut-off last line is lost.
        writer.finish(keep=writer.complete)
        out.put(exc)
    out.put(None)


def count_combined_gz(
    con: duckdb.DuckDBPyConnection,
    log: LogFile,
    file_id: int,
    rules: LogRules,
    groups: PythonGroups,
    examples: Examples,
    notes: list[str],
) -> int:
    """Count a gzip-compressed combined-format file chunk by chunk; return its number of lines."""
    total = 0
    with tempfile.TemporaryDirectory(prefix="nianbao-gz-") as directory:
        free: queue.Queue[str] = queue.Queue()
        for index in range(CHUNKS_AHEAD + 1):
            free.put(os.path.join(directory, f"chunk-{index}.log"))
        chunks: queue.Queue[object] = queue.Queue()
        worker = threading.Thread(
            target=_decompress_chunks, args=(log, free, chunks, CHUNK_BYTES), daemon=True
        )
        worker.start()
        while True:
            item = chunks.get()
            if item is None:
                break
            if isinstance(item, BaseException):
                notes.append(
                    f"{log.name}：压缩文件不完整或已损坏（{type(item).__name__}），只读取了前 {total} 行，"
                    "其后的内容无法解压，未计入。请取得完整的日志文件后重新计算。"
                )
                continue
            chunk = LogFile(path=Path(str(item)), size=0, gzipped=False)
            total += count_combined(con, chunk, file_id, rules, groups, examples, name=log.name)
            free.put(str(item))
        worker.join()
    return total
