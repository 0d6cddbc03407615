"""DuckDB engine: logs of a segmented format (cut at double quotes, or IIS at spaces) and JSON-lines logs
read through DuckDB's CSV reader (see split_sql and json_sql).

Lines the fast checks set aside, and lines the CSV reader rejects, are judged by the reference parser in
Python; a file the reader cannot take at all is left to the caller's line-by-line path.
"""

from __future__ import annotations

import codecs
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

from nianbao.evidence.logs.groups import Examples, PythonGroups, utf8_safe
from nianbao.evidence.logs.inflate import INFLATE_ERROR, READ_BYTES, broken_stream_note, inflate_gzip
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
    encoding: str | None = None,
) -> int:
    """Count a file through its fast path into table g; return its number of lines.

    Raises duckdb.Error when the CSV reader cannot take the file.

    A chunk of a larger file is counted under that file's `name` and id, and only its lines are returned.
    `encoding` is "utf-8", or "escaped" for a chunk whose invalid bytes were made private-use characters.

    Whether the bytes are all UTF-8 is checked before DuckDB reads (is_utf8_file, ~0.2 s of CPU a GB).
    Found afterwards by DuckDB's rejects, it cost a second full read as Latin-1 (one scanner's line made
    a 3-million-line log take 9.9 s of CPU instead of 5.2), and DuckDB's Latin-1 reader refuses bytes
    0x80-0x9F, which every UTF-8 Chinese text holds, so such a file went line by line, ten times slower.
    Now a file with such bytes passes once through the chunk pool of the .gz path, each of them written
    as a private-use character (valid UTF-8), and is read as UTF-8; its values are put back into the
    reference's form (see _canonical_text), so a visitor is the same whichever way its file was read.
    """
    name = name or log.name
    chunk_id = -1 - file_id  # rows of this chunk alone, until they are complete
    if encoding is None and not is_utf8_file(log.path):
        if not fast.latin1:
            raise duckdb.InvalidInputException(f"{name}: bytes that are not UTF-8")
        # Each byte that is not UTF-8 becomes one private-use character as the file passes into the pool
        # of chunk files the .gz path uses; DuckDB reads those as UTF-8 (see count_chunks).
        return count_chunks(con, log, file_id, fast, groups, examples, None, _file_blocks(log.path))
    if encoding == "escaped" and not fast.latin1:
        raise duckdb.InvalidInputException(f"{name}: bytes that are not UTF-8")
    return _count_split(con, log, file_id, fast, groups, examples, name, chunk_id, encoding or "utf-8")


def _count_split(
    con: duckdb.DuckDBPyConnection,
    log: LogFile,
    file_id: int,
    fast: FastPath,
    groups: PythonGroups,
    examples: Examples,
    name: str,
    chunk_id: int,
    read_as: str,
) -> int:
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
            shown = _canonical(text, encoding == "latin-1", read_as == "escaped")
            for _ in range(min(n, 5)):
                examples.add(name, shown)
        groups.add(chunk_id, record, n)
    groups.flush(con)
    if encoding == "latin-1" or read_as == "escaped":
        _canonical_text(con, chunk_id, encoding == "latin-1", read_as == "escaped")
    (total,) = con.execute("SELECT coalesce(sum(n), 0) FROM g WHERE f = ?", [chunk_id]).fetchone() or (0,)
    con.execute("UPDATE g SET f = ? WHERE f = ?", [file_id, chunk_id])
    return int(total)


ASCII_CHECK_BYTES = 8 << 20


def is_utf8_file(path: Path) -> bool:
    """Whether a file's bytes are all UTF-8: ASCII blocks are passed at memory speed (bytes.isascii),
    only blocks with other bytes go through the decoder. About 0.2 s of CPU for a 1 GB log."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    buffer = bytearray(ASCII_CHECK_BYTES)
    view = memoryview(buffer)
    pending = False  # a multi-byte character cut at the end of the previous block
    with path.open("rb", buffering=0) as handle:
        while size := handle.readinto(buffer):
            block = buffer if size == len(buffer) else bytes(view[:size])
            if pending or not block.isascii():
                try:
                    decoder.decode(view[:size])
                except UnicodeDecodeError:
                    return False
                pending = bool(decoder.getstate()[0])
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


# A byte that is not part of valid UTF-8 (always 0x80-0xFF) as one private-use character, U+F780-U+F7FF:
# not ASCII, so it is no quote, backslash, space, digit or letter to any check, and every byte stays
# distinct. DuckDB's own Latin-1 reader refuses bytes 0x80-0x9F, which every UTF-8 Chinese text has.
_PRIVATE = 0xF700
_ESCAPED = {_PRIVATE + byte: f"\\x{byte:02x}" for byte in range(0x80, 0x100)}


def _private_use(error: UnicodeError) -> tuple[str, int]:
    assert isinstance(error, UnicodeDecodeError)
    bad = error.object[error.start : error.end]
    return "".join(chr(_PRIVATE + byte) for byte in bad), error.end


codecs.register_error("nianbao-private-use", _private_use)


def _lead_cut(data: bytes) -> int:
    """Where a character that the next bytes could still complete starts at the end of `data` (else its
    length): a lead byte among the last three bytes with fewer bytes after it than it needs."""
    for back in range(1, min(3, len(data)) + 1):
        byte = data[-back]
        if byte < 0x80:
            break
        if byte >= 0xC0:
            need = (
                2 if 0xC2 <= byte <= 0xDF else 3 if 0xE0 <= byte <= 0xEF else 4 if 0xF0 <= byte <= 0xF4 else 0
            )
            return len(data) - back if need > back else len(data)
    return len(data)


def escape_invalid(pieces: Iterator[bytes]) -> Iterator[tuple[bytes, bool]]:
    """Yield the bytes of a stream as valid UTF-8, with whether a piece had bytes made private-use.

    ASCII pieces pass at memory speed; other pieces are checked by the strict decoder and, only if that
    fails, decoded with each invalid byte as a private-use character. A character cut between two pieces
    is carried over whole, so the result is the same however the stream is cut.
    """
    carry = b""
    for piece in pieces:
        data = carry + piece if carry else piece
        if data.isascii():
            carry = b""
            yield data, False
            continue
        cut = _lead_cut(data)
        body, carry = data[:cut], data[cut:]
        yield _escape_parts(body)
    if carry:
        yield carry.decode("utf-8", "nianbao-private-use").encode("utf-8"), True


ESCAPE_PART_BYTES = 64 << 10


def _escape_parts(body: bytes) -> tuple[bytes, bool]:
    """Escape a block part by part, each cut after a newline (no character spans one): only the few
    parts that hold an invalid byte are decoded and encoded again, at about 4 ns a byte."""
    parts: list[bytes] = []
    escaped = False
    start, size = 0, len(body)
    while start < size:
        end = body.find(b"\n", min(start + ESCAPE_PART_BYTES, size)) + 1 or size
        part = body[start:end]
        if not part.isascii():
            try:
                part.decode("utf-8")
            except UnicodeDecodeError:
                part = part.decode("utf-8", "nianbao-private-use").encode("utf-8")
                escaped = True
        parts.append(part)
        start = end
    return b"".join(parts), escaped


def _file_blocks(path: Path) -> Iterator[bytes]:
    with path.open("rb") as handle:
        while block := handle.read(READ_BYTES * 8):
            yield block


def _canonical(text: str, latin1: bool, escaped: bool) -> str:
    """The text the reference path stores for a value read as Latin-1 and/or with private-use characters:
    valid UTF-8 as it is, each other byte as \\xNN (see groups.utf8_safe)."""
    if latin1:
        text = str(utf8_safe(text.encode("latin-1").decode("utf-8", "surrogateescape")))
    return text.translate(_ESCAPED) if escaped else text


_TEXT_COLUMNS = ("site", "ip", "ua", "cookie")


def _canonical_text(con: duckdb.DuckDBPyConnection, chunk_id: int, latin1: bool, escaped: bool) -> None:
    """Rewrite the non-ASCII values a Latin-1 or escaped read left in a chunk's rows of g (see _canonical).

    Only values with a byte above 0x7F differ (strlen counts bytes, length characters), and those are
    few: each distinct one is converted once in Python.
    """
    for column in _TEXT_COLUMNS:
        olds = [
            value
            for (value,) in con.execute(
                f"SELECT DISTINCT {column} FROM g WHERE f = ? AND strlen({column}) <> length({column})",
                [chunk_id],
            ).fetchall()
        ]
        if not olds:
            continue
        news = [_canonical(old, latin1, escaped) for old in olds]
        con.execute(
            f"UPDATE g SET {column} = m.new FROM (SELECT unnest($1) AS old, unnest($2) AS new) m "
            f"WHERE g.f = $3 AND g.{column} = m.old",
            [olds, news, chunk_id],
        )


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


class _ChunkWriter:
    """Write decompressed pieces into pooled chunk files, handing each on at a line end past the size."""

    def __init__(self, free: queue.Queue[str], out: queue.Queue[object], chunk_bytes: int) -> None:
        self.free, self.out, self.chunk_bytes = free, out, chunk_bytes
        self.fd = -1
        self.path = ""
        self.size = 0
        self.complete = 0  # bytes of the current chunk up to and including its last newline
        self.escaped = False  # whether the current chunk holds bytes made private-use (escape_invalid)

    def write(self, piece: bytes, escaped: bool = False) -> None:
        start, size = 0, len(piece)
        while start < size:
            if self.fd < 0:
                self.path = self.free.get()
                # No O_TRUNC: the file's old pages are overwritten in place; ftruncate trims the tail.
                self.fd = os.open(self.path, os.O_WRONLY | os.O_CREAT, 0o600)
                self.size = self.complete = 0
                self.escaped = False
            end = size
            if self.size + size - start >= self.chunk_bytes:
                end = piece.rfind(b"\n", start) + 1 or size
            self.escaped |= escaped
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
            self.out.put((self.path, "escaped" if self.escaped else "utf-8"))
        else:
            self.free.put(self.path)


def _write_chunks(
    pieces: Iterator[bytes], free: queue.Queue[str], out: queue.Queue[object], chunk_bytes: int
) -> None:
    """Write a stream as chunk files, bytes that are not UTF-8 made private-use (escape_invalid); put
    each (path, encoding) on `out`, then None (or the error that broke the stream off)."""
    writer = _ChunkWriter(free, out, chunk_bytes)
    try:
        for piece, escaped in escape_invalid(pieces):
            writer.write(piece, escaped)
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
    return count_chunks(con, log, file_id, fast, groups, examples, notes, inflate_gzip(log.path))


def count_chunks(
    con: duckdb.DuckDBPyConnection,
    log: LogFile,
    file_id: int,
    fast: FastPath,
    groups: PythonGroups,
    examples: Examples,
    notes: list[str] | None,
    pieces: Iterator[bytes],
) -> int:
    """Count a stream of a file's bytes chunk by chunk; return its lines.

    A stream that breaks off is noted (its complete lines counted); without `notes` (a plain file, which
    should not break) the error is raised as a DuckDB error, so the file is read line by line instead.
    """
    total = 0
    with tempfile.TemporaryDirectory(prefix="nianbao-chunks-") as directory:
        free: queue.Queue[str] = queue.Queue()
        for index in range(CHUNKS_AHEAD + 1):
            free.put(os.path.join(directory, f"chunk-{index}.log"))
        chunks: queue.Queue[object] = queue.Queue()
        worker = threading.Thread(target=_write_chunks, args=(pieces, free, chunks, CHUNK_BYTES), daemon=True)
        worker.start()
        while True:
            item = chunks.get()
            if item is None:
                break
            if isinstance(item, BaseException):
                if notes is None:
                    worker.join()
                    raise duckdb.IOException(f"{log.name}: {item}")
                notes.append(broken_stream_note(log.name, item, total))
                continue
            chunk_path, encoding = cast(tuple[str, str], item)
            chunk = LogFile(path=Path(chunk_path), size=0, gzipped=False)
            total += count_split(con, chunk, file_id, fast, groups, examples, log.name, encoding)
            free.put(chunk_path)
        worker.join()
    return total
