"""Many files, globs, rotated and compressed files, the same file twice, and inputs that are not logs."""

from __future__ import annotations

import gzip
import time

import pytest

from nianbao.evidence.errors import EvidenceError
from nianbao.evidence.logs import analyse_logs

from .logmaker import KINDS, MadeLog, write


def _made(n: int, offset: int = 0) -> MadeLog:
    made = MadeLog()
    for i in range(n):
        made.add(KINDS[i % len(KINDS)], i + offset, i * 3 + offset, i // len(KINDS) + offset)
    return made


def test_rotated_files_in_any_order_and_compressed_count_once_each(tmp_path):
    parts = [_made(40, k) for k in range(3)]
    write(tmp_path / "access.log", parts[0].lines)
    write(tmp_path / "access.log.1", parts[1].lines)
    write(tmp_path / "access.log.2.gz", parts[2].lines, gz=True)
    everything = MadeLog()
    for part in parts:
        everything.lines += part.lines
        everything.kinds.update(part.kinds)
        everything.visits |= part.visits
    forward = analyse_logs([str(tmp_path / "access.log*")], 2020)
    backward = analyse_logs(
        [str(tmp_path / "access.log.2.gz"), str(tmp_path / "access.log.1"), str(tmp_path / "access.log")],
        2020,
    )
    for result in (forward, backward):
        assert result.pv == everything.pv
        # A visitor seen on the same day in two files is one visitor that day.
        assert result.uv == everything.uv
        assert result.lines == len(everything.lines)
    assert {f.name.rsplit("/", 1)[-1]: f.gzipped for f in forward.files} == {
        "access.log": False,
        "access.log.1": False,
        "access.log.2.gz": True,
    }


def test_the_same_content_given_twice_is_counted_once_and_reported(tmp_path):
    made = _made(50)
    write(tmp_path / "a.log", made.lines)
    write(tmp_path / "copy-of-a.log", made.lines)
    result = analyse_logs([str(tmp_path / "a.log"), str(tmp_path / "copy-of-a.log")], 2020)
    assert result.pv == made.pv
    assert result.lines == len(made.lines)
    duplicate = next(f for f in result.files if f.duplicate_of)
    assert duplicate.name.endswith("copy-of-a.log")
    assert any("内容完全相同" in note for note in result.notes)


def test_files_report_size_sha256_and_lines(tmp_path):
    import hashlib

    made = _made(30)
    path = write(tmp_path / "a.log", made.lines)
    result = analyse_logs([str(path)], 2020)
    (info,) = result.files
    assert info.size == path.stat().st_size
    assert info.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert info.lines == 30


def test_a_file_longer_than_the_hash_buffer_hashes_whole(tmp_path, monkeypatch):
    import hashlib

    from nianbao.evidence.logs import inputs

    made = _made(30)
    path = write(tmp_path / "a.log", made.lines)
    # A buffer smaller than the file, not dividing its size: several full reads and a short last one.
    monkeypatch.setattr(inputs, "HASH_BUFFER", 97)
    assert path.stat().st_size % 97 and path.stat().st_size > 3 * 97
    (log,) = inputs.open_inputs([str(path)])
    assert log.wait_hash() == hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_truncated_gz_counts_what_it_can_and_says_what_was_skipped(tmp_path):
    made = _made(2000)
    data = gzip.compress("".join(line + "\n" for line in made.lines).encode())
    path = tmp_path / "cut.log.gz"
    path.write_bytes(data[: len(data) * 2 // 3])
    result = analyse_logs([str(path)], 2020)
    assert 0 < result.lines < 2000
    assert any("压缩文件不完整" in note and "只读取了前" in note for note in result.notes)


def test_a_binary_file_is_refused_in_chinese(tmp_path):
    path = tmp_path / "image.log"
    path.write_bytes(bytes(range(256)) * 40)
    with pytest.raises(EvidenceError, match="不是文本日志"):
        analyse_logs([str(path)], 2020)


def test_an_unknown_format_shows_the_first_lines_and_the_formats_tried(tmp_path):
    path = write(tmp_path / "odd.log", ["2020-01-01 hello world", "2020-01-02 something else"])
    with pytest.raises(EvidenceError) as info:
        analyse_logs([str(path)], 2020)
    message = str(info.value)
    assert "2020-01-01 hello world" in message
    for tried in ("combined", "common", "JSON", "IIS"):
        assert tried in message


def test_missing_files_directories_and_empty_globs_are_named(tmp_path):
    with pytest.raises(EvidenceError, match="不存在"):
        analyse_logs([str(tmp_path / "nope.log")], 2020)
    with pytest.raises(EvidenceError, match="是一个目录"):
        analyse_logs([str(tmp_path)], 2020)
    with pytest.raises(EvidenceError, match="没有找到"):
        analyse_logs([str(tmp_path / "*.log")], 2020)


def test_a_file_that_is_not_gzip_inside_is_named(tmp_path):
    path = tmp_path / "fake.log.gz"
    path.write_bytes(b"\x1f\x8b" + b"not really gzip" * 10)
    with pytest.raises(EvidenceError, match="gzip"):
        analyse_logs([str(path)], 2020)


def test_gz_read_in_small_chunks_and_several_members_gives_the_construction(tmp_path, monkeypatch):
    from nianbao.evidence.logs import engine_duckdb

    # Chunks of 4 KB cut the stream at many line ends; two gzip members joined are one file.
    monkeypatch.setattr(engine_duckdb, "CHUNK_BYTES", 4096)
    made = _made(700)
    half = len(made.lines) // 2
    first = gzip.compress("".join(line + "\n" for line in made.lines[:half]).encode())
    second = gzip.compress("".join(line + "\n" for line in made.lines[half:]).encode())
    path = tmp_path / "joined.log.gz"
    path.write_bytes(first + second)
    result = analyse_logs([str(path)], 2020)
    assert (result.pv, result.uv, result.lines) == (made.pv, made.uv, 700)
    assert result.reasons == {k: v for k, v in made.kinds.items() if v}


def _common(ip: str, path: str) -> str:
    return f'{ip} - - [01/Mar/2020:10:00:00 +0800] "GET {path} HTTP/1.1" 200 512'


def test_a_combined_log_whose_lines_are_mostly_cut_short_is_still_combined(tmp_path):
    # Two lines cut off after their size look like the common format; the one whole line says the log is
    # combined, so the cut lines are malformed and the page view is counted.
    ua = "Mozilla/5.0 (Windows NT 10.0) Chrome/86.0"
    lines = [
        _common("10.0.0.1", "/a.html"),
        f'10.0.0.2 - - [01/Mar/2020:10:00:00 +0800] "GET / HTTP/1.1" 200 512 "-" "{ua}"',
        _common("10.0.0.3", "/b.html"),
    ]
    path = write(tmp_path / "access.log", lines)
    result = analyse_logs([str(path)], 2020)
    assert (result.pv, result.reasons) == (1, {"page": 1, "malformed": 2})
    assert result.files[0].format == "nginx/Apache combined"


def test_a_log_of_common_lines_only_is_read_as_common(tmp_path):
    path = write(tmp_path / "access.log", [_common("10.0.0.1", "/a.html"), _common("10.0.0.3", "/b.html")])
    result = analyse_logs([str(path)], 2020)
    assert (result.pv, result.uv, result.reasons) == (2, 2, {"page": 2})


class _GatedSha256:
    """hashlib.sha256 whose first update waits for a gate, so a test can act while hashing is under way."""

    def __init__(self, digest, gate, updates):
        self._digest = digest
        self._gate, self._updates = gate, updates

    def update(self, data):
        self._updates.append(len(data))
        self._gate.wait(timeout=30)
        self._digest.update(data)

    def hexdigest(self):
        return self._digest.hexdigest()


def _gated_hashing(monkeypatch):
    import threading

    from nianbao.evidence.logs import inputs

    gate, updates = threading.Event(), []
    monkeypatch.setattr(inputs, "HASH_BUFFER", 1000)
    real_sha256 = inputs.hashlib.sha256
    monkeypatch.setattr(inputs.hashlib, "sha256", lambda: _GatedSha256(real_sha256(), gate, updates))
    return gate, updates


def test_stopped_hashing_ends_at_the_next_block_and_says_so(tmp_path, monkeypatch):
    from nianbao.evidence.logs import inputs

    gate, updates = _gated_hashing(monkeypatch)
    path = write(tmp_path / "a.log", _made(200).lines)
    blocks = -(-path.stat().st_size // 1000)
    (log,) = inputs.open_inputs([str(path)])
    deadline = time.monotonic() + 30
    while not updates and time.monotonic() < deadline:
        time.sleep(0.001)  # until the thread is inside the file's first block
    inputs.stop_hashing([log])
    gate.set()
    with pytest.raises(inputs.HashingStopped):
        log.wait_hash()
    assert len(updates) == 1 < blocks
    assert log.sha256 == ""


def test_a_count_that_fails_stops_hashing_its_files(tmp_path, monkeypatch):
    import threading

    from nianbao.evidence.logs import analyse

    gate, updates = _gated_hashing(monkeypatch)
    path = tmp_path / "notes.log"
    path.write_text("".join(f"第 {i} 行：这不是访问日志\n" for i in range(2000)), encoding="utf-8")
    stopped = []
    real_stop = analyse.stop_hashing

    def recording_stop(files):
        stopped.extend(files)
        real_stop(files)

    monkeypatch.setattr(analyse, "stop_hashing", recording_stop)
    before = set(threading.enumerate())
    with pytest.raises(EvidenceError, match="无法识别日志文件"):
        analyse.analyse_logs([str(path)], 2020)
    assert [log.path for log in stopped] == [path]
    # The hashing thread never holds the process open: it is a daemon.
    (hasher,) = [t for t in set(threading.enumerate()) - before if t.name == "nianbao-sha256"]
    assert hasher.daemon
    gate.set()
    hasher.join(timeout=30)
    assert not hasher.is_alive()
    assert len(updates) < path.stat().st_size // 1000
