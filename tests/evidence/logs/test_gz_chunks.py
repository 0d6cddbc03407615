"""The .gz reader's chunk files: cut at line ends, nothing lost or doubled, a break drops only the cut line.

The pieces stand in for what inflate yields; the chunk size is tiny so that every piece boundary and every
cut position gets exercised. Each chunk is read as soon as it is handed on, before its file is reused.
"""

from __future__ import annotations

import itertools
import queue

from hypothesis import given
from hypothesis import strategies as st

from nianbao.evidence.logs import engine_duckdb
from nianbao.evidence.logs.engine_duckdb import _canonical, _ChunkWriter, escape_invalid
from nianbao.evidence.logs.groups import utf8_safe

TEXT = st.text(alphabet="ab\n", max_size=60).map(str.encode)


def _run_with_encodings(
    tmp_path, pieces: list[bytes], chunk_bytes: int, broken: bool
) -> list[tuple[bytes, str]]:
    free: queue.Queue[str] = queue.Queue()
    for index in range(2):
        free.put(str(tmp_path / f"c{index}"))
    out: queue.Queue[object] = queue.Queue()
    writer = _ChunkWriter(free, out, chunk_bytes)
    chunks: list[tuple[bytes, str]] = []

    def drain() -> None:
        while not out.empty():
            path, encoding = out.get()  # type: ignore[misc]
            with open(path, "rb") as chunk:
                chunks.append((chunk.read(), encoding))
            free.put(path)

    for piece in pieces:
        writer.write(piece)
        drain()
    if broken:
        writer.finish(keep=writer.complete)
    else:
        writer.finish()
    drain()
    return chunks


def _run(tmp_path, pieces: list[bytes], chunk_bytes: int, broken: bool) -> list[bytes]:
    return [chunk for chunk, _ in _run_with_encodings(tmp_path, pieces, chunk_bytes, broken)]


@given(pieces=st.lists(TEXT, max_size=12), chunk_bytes=st.integers(1, 40))
def test_chunks_join_to_the_input_and_end_at_line_ends(tmp_path_factory, pieces, chunk_bytes):
    chunks = _run(tmp_path_factory.mktemp("z"), pieces, chunk_bytes, broken=False)
    data = b"".join(pieces)
    assert b"".join(chunks) == data
    assert all(chunk for chunk in chunks)
    assert all(chunk.endswith(b"\n") for chunk in chunks[:-1])
    # Only the last chunk may be smaller than the chunk size: the others are handed on once full.
    assert all(len(chunk) >= chunk_bytes for chunk in chunks[:-1])


@given(pieces=st.lists(TEXT, min_size=1, max_size=12), chunk_bytes=st.integers(1, 40))
def test_a_break_keeps_every_complete_line_and_drops_the_cut_one(tmp_path_factory, pieces, chunk_bytes):
    chunks = _run(tmp_path_factory.mktemp("z"), pieces, chunk_bytes, broken=True)
    data = b"".join(pieces)
    kept = data[: data.rfind(b"\n") + 1]
    assert b"".join(chunks) == kept


def test_pooled_files_are_overwritten_with_shorter_chunks_without_old_bytes(tmp_path):
    # The second use of a file is shorter than the first: ftruncate must cut the old tail away.
    chunks = _run(tmp_path, [b"x" * 30 + b"\n", b"y" * 30 + b"\n", b"z\n"], 10, broken=False)
    assert chunks == [b"x" * 30 + b"\n", b"y" * 30 + b"\n", b"z\n"]


# Multi-byte characters, a byte that is never UTF-8, a lone continuation byte, a character's first two
# bytes; pieces are cut anywhere, so a character can be split between two pieces.
TOKENS = st.sampled_from(
    [b"a", b"\n", "é".encode(), "中".encode(), "😀".encode(), b"\xff", b"\x9a", b"\xe4\xb8"]
)


def _pieces(tokens: list[bytes], cuts: list[int]) -> tuple[bytes, list[bytes]]:
    data = b"".join(tokens)
    bounds = sorted({0, len(data), *(c % (len(data) + 1) for c in cuts)})
    return data, [data[a:b] for a, b in itertools.pairwise(bounds)]


@given(
    tokens=st.lists(TOKENS, max_size=40),
    cuts=st.lists(st.integers(0, 200), max_size=8),
    part=st.sampled_from([1, 3, 64 << 10]),
)
def test_escaping_gives_utf8_that_maps_back_to_the_reference_form(tokens, cuts, part):
    data, pieces = _pieces(tokens, cuts)
    engine_duckdb.ESCAPE_PART_BYTES = part  # tiny parts: many cuts after newlines
    try:
        out = list(escape_invalid(iter(pieces)))
    finally:
        engine_duckdb.ESCAPE_PART_BYTES = 64 << 10
    text = b"".join(piece for piece, _ in out).decode("utf-8")  # valid UTF-8, however the stream was cut
    # The reference reads bytes with surrogateescape and stores invalid ones as \xNN (groups.utf8_safe).
    assert _canonical(text, latin1=False, escaped=True) == utf8_safe(data.decode("utf-8", "surrogateescape"))
    try:
        data.decode("utf-8")
        valid = True
    except UnicodeDecodeError:
        valid = False
    assert any(escaped for _, escaped in out) == (not valid)
    if valid:
        assert b"".join(piece for piece, _ in out) == data


def test_a_chunk_is_escaped_when_a_piece_written_into_it_was(tmp_path):
    free: queue.Queue[str] = queue.Queue()
    for index in range(2):
        free.put(str(tmp_path / f"c{index}"))
    out: queue.Queue[object] = queue.Queue()
    writer = _ChunkWriter(free, out, 4)
    writer.write(b"ab\n", escaped=False)
    writer.write(b"cd\n", escaped=False)
    first = out.get()
    free.put(first[0])  # type: ignore[index]
    writer.write(b"\xef\x9e\x80\n", escaped=True)
    writer.finish()
    assert [first[1], out.get()[1]] == ["utf-8", "escaped"]  # type: ignore[index]
