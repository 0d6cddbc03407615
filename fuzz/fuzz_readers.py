"""Coverage-guided fuzzing of every reader in the io registry and of the access-log reader (atheris).

Manual runs only (CI runs the hypothesis tests in tests/security/test_hostile_input.py instead):

    .venv/bin/pip install -e '.[fuzz]'
    .venv/bin/python fuzz/fuzz_readers.py csv -max_total_time=60 -timeout=10 -rss_limit_mb=2048
    bash fuzz/run.sh 60          # every reader and the log reader, 60 seconds each

The first argument names the target (a reader format, or "logs"); the rest go to libFuzzer. A crash is any
exception other than ReadError (readers) or EvidenceError (logs); -timeout is the per-input time limit and
-rss_limit_mb the memory limit. Crashing inputs are written as crash-* files in the working directory.
Each run starts from the seed report written in the target's own format (fuzz/corpus/<target>/).
"""

from __future__ import annotations

import contextlib
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from nianbao.evidence.errors import EvidenceError
    from nianbao.evidence.logs import analyse_logs
    from nianbao.io.base import ReadError
    from nianbao.io.registry import READERS, WRITERS, get_reader, get_writer, read_bytes

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "tests" / "fixtures" / "seed-gx-2020.txt"
LOG_SEED = (
    b'203.0.113.9 - - [12/Mar/2020:10:00:00 +0800] "GET /index.html HTTP/1.1" 200 512 "-" "Mozilla/5.0"\n'
    b'198.51.100.7 - - [13/Mar/2020:11:30:00 +0800] "GET /a/b.html?x=1 HTTP/1.1" 200 99 "-" "curl/8"\n'
)


def corpus(target: str) -> Path:
    """Write the starting input for a target and return its folder."""
    folder = ROOT / "fuzz" / "corpus" / target
    folder.mkdir(parents=True, exist_ok=True)
    if target == "logs":
        data = LOG_SEED
    else:
        seed = read_bytes(SEED.read_bytes(), SEED.name).report
        data = get_writer(target).write(seed) if target in WRITERS else SEED.read_bytes()
    (folder / f"seed{get_reader(target).suffixes[0] if target != 'logs' else '.log'}").write_bytes(data)
    return folder


def reader_target(fmt: str):
    name = "fuzz" + get_reader(fmt).suffixes[0]

    def one_input(data: bytes) -> None:
        with contextlib.suppress(ReadError):
            read_bytes(data, name)

    return one_input


def logs_target():
    folder = Path(tempfile.mkdtemp(prefix="nianbao-fuzz-logs-"))
    path = folder / "access.log"

    def one_input(data: bytes) -> None:
        path.write_bytes(data)
        with contextlib.suppress(EvidenceError):
            analyse_logs([str(path)], 2020)

    return one_input


def main() -> None:
    targets = [*READERS, "logs"]
    if len(sys.argv) < 2 or sys.argv[1] not in targets:
        sys.exit(f"usage: fuzz_readers.py TARGET [libFuzzer options]; TARGET is one of {', '.join(targets)}")
    target = sys.argv[1]
    one_input = logs_target() if target == "logs" else reader_target(target)
    args = [sys.argv[0], *sys.argv[2:], str(corpus(target))]
    atheris.Setup(args, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
