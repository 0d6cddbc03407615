"""The .gz reader's chunk files: cut at line ends, nothing lost or doubled, a break drops only the cut line.

The pieces stand in for what inflate yields; the chunk size is tiny so that every piece boundary and every
cut position gets exercised. Each chunk is read as soon as it is handed on, before its file is reused.
"""

from __future__ import annotations

import queue

from hypothesis import given
from hypothesis import strategies as st

from nianbao.evidence.logs.engine_duckdb import _ChunkWriter

TEXT = st.text(alphabet="ab\n", max_size=60).map(str.encode)


def _run(tmp_path, pieces: list[bytes], chunk_bytes: int, broken: bool) -> list[bytes]:
    free: queue.Queue[str] = queue.Queue()
    for index in range(2):
        free.put(str(tmp_path / f"c{index}"))
    out: queue.Queue[object] = queue.Queue()
    writer = _ChunkWriter(free, out, chunk_bytes)
    chunks: list[bytes] = []

    def drain() -> None:
        while not out.empty():
            path = str(out.get())
            with open(path, "rb") as chunk:
                chunks.append(chunk.read())
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
