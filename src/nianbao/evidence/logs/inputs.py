"""Find the input files, refuse what cannot be a log, detect content given twice, sniff the format."""

from __future__ import annotations

import glob
import gzip
import hashlib
import threading
import zlib
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path

from nianbao.evidence.errors import EvidenceError
from nianbao.evidence.logs.formats import (
    COMBINED,
    COMBINED_EXTRA,
    COMMON,
    NGINX_MAIN,
    VHOST_COMBINED,
    LogFormat,
    iis_format,
    nginx_format,
)
from nianbao.evidence.logs.reference import parse_json_line, parse_line, split_lines

HEAD_BYTES = 64 * 1024
HASH_BUFFER = 1 << 20


class HashingStopped(Exception):
    """Hashing was stopped because the count it belongs to failed."""


@dataclass
class LogFile:
    """One input file: where it is, its size, compression, and (once hashed) its SHA-256."""

    path: Path
    size: int
    gzipped: bool
    sha256: str = ""
    lines: int = 0
    duplicate_of: str = ""
    _hashed: Future[None] | None = field(default=None, repr=False)
    _stop: threading.Event | None = field(default=None, repr=False)

    @property
    def name(self) -> str:
        return str(self.path)

    def _hash(self, stop: threading.Event | None = None) -> None:
        # One reused buffer: a fresh 4 MB bytes object per read cost page faults on every chunk, about
        # 0.1 CPU-second over a 2.4 GB log, on the cores the count itself needs.
        digest = hashlib.sha256()
        buffer = bytearray(HASH_BUFFER)
        view = memoryview(buffer)
        with self.path.open("rb", buffering=0) as handle:
            while size := handle.readinto(buffer):
                if stop is not None and stop.is_set():
                    raise HashingStopped(self.name)
                digest.update(view[:size])
        self.sha256 = digest.hexdigest()

    def wait_hash(self) -> str:
        if self._hashed is not None:
            self._hashed.result()
            self._hashed = None
        elif not self.sha256:
            self._hash()
        return self.sha256


def expand(patterns: list[str]) -> list[Path]:
    """Return the files named by paths and glob patterns, sorted by name, each once."""
    paths: list[Path] = []
    for pattern in patterns:
        if any(ch in pattern for ch in "*?["):
            matches = sorted(glob.glob(pattern, recursive=True))
            if not matches:
                raise EvidenceError(f"没有找到与“{pattern}”匹配的日志文件。")
            paths.extend(Path(m) for m in matches if Path(m).is_file())
        else:
            path = Path(pattern)
            if not path.exists():
                raise EvidenceError(f"日志文件 {pattern} 不存在。")
            if path.is_dir():
                raise EvidenceError(
                    f"{pattern} 是一个目录；请给出其中的日志文件，例如“{pattern}/access.log*”。"
                )
            paths.append(path)
    return list(dict.fromkeys(paths))


def head_bytes(path: Path, gzipped: bool) -> bytes:
    """Return the first bytes of a file (decompressed for .gz), with a Chinese error when unreadable."""
    try:
        if gzipped:
            with gzip.open(path, "rb") as handle:
                return handle.read(HEAD_BYTES)
        with path.open("rb") as handle:
            return handle.read(HEAD_BYTES)
    except PermissionError as exc:
        raise EvidenceError(f"没有权限读取日志文件 {path}。") from exc
    except (gzip.BadGzipFile, zlib.error) as exc:
        raise EvidenceError(f"{path} 的扩展名是 .gz，但它不是有效的 gzip 压缩文件（{exc}）。") from exc
    except EOFError:
        # A .gz cut short within the first bytes: what was decompressed is still worth sniffing.
        with gzip.open(path, "rb") as handle:
            data = b""
            try:
                while chunk := handle.read(4096):
                    data += chunk
            except EOFError:
                pass
            return data
    except OSError as exc:
        raise EvidenceError(f"无法读取日志文件 {path}：{exc.strerror or exc}。") from exc


def is_gzip(path: Path) -> bool:
    """Return whether the file starts with the gzip magic bytes (whatever its name)."""
    with path.open("rb") as handle:
        return handle.read(2) == b"\x1f\x8b"


def open_inputs(patterns: list[str]) -> list[LogFile]:
    """Return the log files to read, each checked to be a readable text log; start hashing each."""
    files: list[LogFile] = []
    for path in expand(patterns):
        try:
            size = path.stat().st_size
            gz = is_gzip(path)
        except PermissionError as exc:
            raise EvidenceError(f"没有权限读取日志文件 {path}。") from exc
        except OSError as exc:
            raise EvidenceError(f"无法读取日志文件 {path}：{exc.strerror or exc}。") from exc
        head = head_bytes(path, gz)
        if b"\x00" in head[:8192] or _looks_binary(head[:8192]):
            raise EvidenceError(
                f"{path} 不是文本日志（含有二进制内容，开头为 {head[:16].hex(' ')}）。"
                "请给出访问日志文件本身（纯文本或 .gz 压缩）。"
            )
        files.append(LogFile(path=path, size=size, gzipped=gz))
    start_hashing(files)
    return files


def start_hashing(files: list[LogFile]) -> None:
    """Hash the files on a background thread (hashlib releases the GIL) so that hashing overlaps counting.

    One thread for all files: reading many rotated files at once would only thrash the disk. It is a
    daemon thread, and it stops at the next block once told to, so a count that fails (a log in an unknown
    format, say) reports at once instead of first reading the rest of a 50 GB input.
    """
    stop = threading.Event()
    for log in files:
        log._hashed = Future()
        log._stop = stop
    threading.Thread(target=_hash_in_turn, args=(files, stop), name="nianbao-sha256", daemon=True).start()


def stop_hashing(files: list[LogFile]) -> None:
    """Stop hashing the files: their count has failed and their digests will not be reported."""
    for log in files:
        if log._stop is not None:
            log._stop.set()


def _hash_in_turn(files: list[LogFile], stop: threading.Event) -> None:
    for log in files:
        future = log._hashed
        if future is None or not future.set_running_or_notify_cancel():
            continue
        try:
            log._hash(stop)
        except BaseException as exc:  # handed to wait_hash, which raises it in the counting thread
            future.set_exception(exc)
        else:
            future.set_result(None)


def _looks_binary(data: bytes) -> bool:
    if not data:
        return False
    control = sum(1 for b in data if b < 9 or 13 < b < 32)
    return control > len(data) // 100


def mark_duplicates(files: list[LogFile]) -> list[LogFile]:
    """Mark files whose content equals an earlier file's; return the files to read.

    Only files of equal size can be equal, so only those wait for their hash before counting starts.
    """
    by_size: dict[int, list[LogFile]] = {}
    for log in files:
        by_size.setdefault(log.size, []).append(log)
    for same in by_size.values():
        if len(same) < 2:
            continue
        first_of: dict[str, LogFile] = {}
        for log in same:
            digest = log.wait_hash()
            if digest in first_of:
                log.duplicate_of = first_of[digest].name
            else:
                first_of[digest] = log
    return [log for log in files if not log.duplicate_of]


def head_lines(path: Path, gzipped: bool, count: int = 20) -> list[str]:
    """Return the first non-empty lines of a file, decoded leniently, for sniffing and for messages."""
    text = head_bytes(path, gzipped).decode("utf-8", errors="replace")
    lines = split_lines(text)
    return lines[:count]


@dataclass(frozen=True)
class Sniffed:
    """The format found for a file: a regular-expression format or "jsonl"."""

    fmt: LogFormat | None
    jsonl: bool = False

    @property
    def label(self) -> str:
        return "JSON lines" if self.jsonl else self.fmt.label if self.fmt else ""


def sniff(log: LogFile, nginx_log_format: str = "", cookie: str = "") -> Sniffed:
    """Return the format of a file, chosen by how many of its first lines each candidate parses."""
    lines = head_lines(log.path, log.gzipped, 50)
    if not lines:
        return Sniffed(COMBINED)
    iis_fields = next((line for line in lines if line.startswith("#Fields:")), None)
    if iis_fields is not None:
        return Sniffed(iis_format(iis_fields))
    candidates: list[tuple[str, LogFormat | None]] = []
    if nginx_log_format:
        candidates.append(("nginx", nginx_format(nginx_log_format, cookie)))
    candidates += [
        ("combined", COMBINED),
        ("common", COMMON),
        ("main", NGINX_MAIN),
        ("vhost_combined", VHOST_COMBINED),
        # After the exact formats, so that a tie (a combined line has nothing after it) goes to them.
        ("combined+", COMBINED_EXTRA),
        ("jsonl", None),
    ]
    tried: list[str] = []
    best: tuple[int, Sniffed] | None = None
    parsed: dict[str, int] = {}
    for name, fmt in candidates:
        if fmt is None:
            good = sum(parse_json_line(line, cookie) is not None for line in lines)
            label = "JSON lines"
        else:
            good = sum(parse_line(fmt, line) is not None for line in lines)
            label = fmt.label
        tried.append(label)
        parsed[name] = good
        if name == "combined+" and (parsed["combined"] or parsed["main"] or parsed["vhost_combined"]):
            # Every combined line is also a combined+ line; a log that holds any line of an exact format
            # is of that format, and a line with something after it there is malformed, not a match.
            continue
        # The format that parses most of the first lines wins; the lines it cannot parse are counted as
        # malformed later. Only when no line parses at all is the format unknown.
        if good and (best is None or good > best[0]):
            best = (good, Sniffed(fmt, jsonl=fmt is None))
    if best is not None and best[1].fmt is COMMON and parsed["combined"]:
        # A common line is a combined line cut short after its size, while no common log holds a line
        # of the combined format: a file with any combined line is a combined log with broken lines.
        return Sniffed(COMBINED)
    if best is not None:
        return best[1]
    shown = "\n".join(f"  {line[:160]}" for line in lines[:3])
    raise EvidenceError(
        f"无法识别日志文件 {log.name} 的格式。已尝试：{'、'.join(tried)}、IIS W3C（#Fields 行），"
        f"前 {len(lines)} 行没有一行能按其中任一格式解析。文件开头是：\n{shown}\n"
        "如果这是 nginx 自定义格式，请用 --log-format 给出 nginx 配置中的 log_format 字符串。"
    )
