"""DuckDB engine: logs of a segmented format (cut at double quotes, or IIS at spaces) and JSON-lines logs
read through DuckDB's CSV reader (see split_sql and json_sql).

Lines the fast checks set aside, and lines the CSV reader rejects, are judged by the reference parser in
Python; a file the reader cannot take at all is left to the caller's line-by-line path.
"""

from __future__ import annotations

import os
import queue
import tempfile
import threading
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import duckdb
from isal import isal_zlib as inflate

from nianbao.evidence.logs.groups import Examples, PythonGroups
from nianbao.evidence.logs.inputs import LogFile, Sniffed
from nianbao.evidence.logs.json_sql import json_sql
from nianbao.evidence.logs.reference import Record, parse_json_line, parse_line
from nianbao.evidence.logs.rules import LogRules
from nianbao.evidence.logs.split_sql import split_sql


@dataclass(frozen=True)
class FastPath:
    """How DuckDB reads one file's format: the SQL that groups it, and the reference for lines set aside."""

    sql: Callable[[str, int, str], str]  # (path, file id, encoding) -> INSERT INTO g
    parse: Callable[[str], Record | None]
    comment_prefix: str = ""
    # Segmented formats read bytes that are not UTF-8 as Latin-1; JSON decodes them only as the reference
    # does, so such a file is left to the line-by-line path.
    latin1: bool = True


def fast_path_for(sniffed: Sniffed, rules: LogRules, by_site: bool) -> FastPath | None:
    """Return DuckDB's fast path for a file's format: JSON lines and every segmented format have one."""
    if sniffed.jsonl:
        cookie = rules.visitor_cookie
        return FastPath(
            sql=lambda path, file_id, _encoding: json_sql(path, file_id, rules, by_site),
            parse=lambda text: parse_json_line(text, cookie),
            latin1=False,
        )
    fmt = sniffed.fmt
    if fmt is None or not fmt.segments:
        return None
    return FastPath(
        sql=lambda path, file_id, encoding: split_sql(path, file_id, fmt, rules, by_site, encoding),
        parse=lambda text: parse_line(fmt, text),
        comment_prefix=fmt.comment_prefix,
    )


def count_split(
    con: duckdb.DuckDBPyConnection,
    log: LogFile,
    file_id: int,
    fast: FastPath,
    groups: PythonGroups,
    examples: Examples,
    name: str = "",
) -> int:
    """Count a file through its fast path into table g; return its number of lines.

    Raises duckdb.Error when the CSV reader cannot take the file.

    A chunk of a larger file is counted under that file's `name` and id, and only its lines are returned.
    """
    name = name or log.name
    chunk_id = -1 - file_id  # rows of this chunk alone, until they are complete
    encoding = "utf-8"
    while True:
        con.execute("DROP TABLE IF EXISTS reject_errors")
        con.execute("DROP TABLE IF EXISTS reject_scans")
        con.execute(fast.sql(str(log.path), chunk_id, encoding))
        rejects = con.execute(
            "SELECT line, any_value(error_type), any_value(csv_line) FROM reject_errors GROUP BY line"
        ).fetchall()
        if encoding == "utf-8" and any(str(kind) == "INVALID ENCODING" for _, kind, _ in rejects):
            con.execute("DELETE FROM g WHERE f = ?", [chunk_id])
            if not fast.latin1:
                raise duckdb.InvalidInputException(f"{name}: bytes that are not UTF-8")
            # Bytes that are not UTF-8: read the file again byte for byte (Latin-1 maps every byte).
            encoding = "latin-1"
            continue
        break
    # Lines set aside by the fast tests (grouped by their text) and lines the CSV reader rejected.
    suspects = con.execute("SELECT d, n FROM g WHERE f = ? AND r = 'suspect'", [chunk_id]).fetchall()
    con.execute("DELETE FROM g WHERE f = ? AND r = 'suspect'", [chunk_id])
    lines = [(text, int(n)) for text, n in suspects]
    lines += [(str(csv_line).strip("\r\n"), 1) for _, _, csv_line in rejects]
    for text, n in lines:
        if fast.comment_prefix and text.startswith(fast.comment_prefix):
            continue  # a directive line the CSV reader rejected: not a log line
        record = fast.parse(text)
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
# Larger chunks mean fewer queries, each grouping more lines at once: for a 10-million-line log, 256 MB
# chunks took 13.3 s against 17.4 s with 64 MB ones, at 690 MB peak memory.
# Inflating (ISA-L) runs several times faster than DuckDB reads, so one chunk ahead keeps DuckDB fed: two
# chunks ahead measured the same (9.7-11.4 s either way), with 768 MB of chunk files instead of 512 MB.
CHUNK_BYTES = 256 << 20
CHUNKS_AHEAD = 1
INFLATE_ERROR = cast(type[Exception], inflate.error)  # its stubs declare an instance, not the class
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
    except (EOFError, OSError, zlib.error, INFLATE_ERROR) as exc:
        # Keep the complete lines decompressed before the break; the cut-off last line is lost.
        writer.finish(keep=writer.complete)
        out.put(exc)
    out.put(None)


def count_split_gz(
    con: duckdb.DuckDBPyConnection,
    log: LogFile,
    file_id: int,
    fast: FastPath,
    groups: PythonGroups,
    examples: Examples,
    notes: list[str],
) -> int:
    """Count a gzip-compressed file through its fast path chunk by chunk; return its lines."""
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
            total += count_split(con, chunk, file_id, fast, groups, examples, name=log.name)
            free.put(str(item))
        worker.join()
    return total
