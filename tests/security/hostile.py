"""What the hostile-input tests share: a per-file time limit, specimens of every format, and mutations."""

from __future__ import annotations

import io
import signal
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from nianbao.io.registry import READERS, WRITERS, get_reader, get_writer, read_bytes

SEED = Path(__file__).resolve().parents[1] / "fixtures" / "seed-gx-2020.txt"
# The longest any reader may take on one file, however hostile.
SECONDS_PER_FILE = 10


class Hang(AssertionError):
    """A reader took longer than SECONDS_PER_FILE on one input."""


@contextmanager
def time_limit(seconds: int = SECONDS_PER_FILE) -> Iterator[None]:
    """Fail with Hang when the block runs longer than `seconds` (main thread, POSIX alarm)."""

    def _expired(signum: int, frame: object) -> None:
        raise Hang(f"读取超过 {seconds} 秒")

    previous = signal.signal(signal.SIGALRM, _expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def reader_formats() -> list[str]:
    """Return every format the io registry can read (a new reader is picked up here by itself)."""
    return list(READERS)


def suffix_of(fmt: str) -> str:
    return get_reader(fmt).suffixes[0]


@cache
def seed_report():
    return read_bytes(SEED.read_bytes(), SEED.name).report


@cache
def specimen(fmt: str) -> bytes:
    """Return a valid file of a format: the seed report as its writer writes it (the seed itself for text)."""
    if fmt in WRITERS:
        return get_writer(fmt).write(seed_report())
    return SEED.read_bytes()


def zip_with(parts: dict[str, bytes], base: bytes) -> bytes:
    """Return a copy of the zip `base` with some parts replaced or added."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(base)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target,
    ):
        for info in source.infolist():
            if info.filename not in parts:
                target.writestr(info, source.read(info.filename))
        for name, data in parts.items():
            target.writestr(name, data)
    return out.getvalue()
