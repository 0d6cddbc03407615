"""Convert a legacy Word (.doc) or Excel (.xls) file to its Office Open XML form with LibreOffice.

Many units still publish .doc and .xls files, and many files so named are really RTF or an HTML table.
LibreOffice (installed from Debian's packages by scripts/install-system-packages.sh) converts all of them
headless; the result is then read like any .docx or .xlsx, zip checks included. Each process keeps its
own LibreOffice profile, since two instances sharing one profile refuse to start; a conversion that
hangs is stopped, with every process it started, after CONVERT_TIMEOUT seconds.
"""

from __future__ import annotations

import atexit
import os
import shutil
import signal
import subprocess
import tempfile
from functools import cache
from pathlib import Path

from nianbao.io.base import ReadError

CONVERT_TIMEOUT = 120
_ZIP_MAGIC = b"PK\x03\x04"


def is_zip(data: bytes) -> bool:
    """Return True for a zip file: a .docx or .xlsx that was only given the old suffix."""
    return data.startswith(_ZIP_MAGIC)


def soffice() -> str | None:
    """Return the LibreOffice command, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


@cache
def _profile(pid: int) -> Path:
    path = Path(tempfile.mkdtemp(prefix=f"nianbao-lo-{pid}-"))
    atexit.register(shutil.rmtree, path, True)
    return path


def convert_legacy(data: bytes, name: str, target: str, kind: str) -> bytes:
    """Return a .doc or .xls file converted to `target` ("docx" or "xlsx"); ReadError if impossible."""
    label = name or "文件"
    command = soffice()
    if command is None:
        raise ReadError(f"{label}：读取旧版{kind}需要 LibreOffice，本机未安装；请另存为 .{target} 后再导入")
    with tempfile.TemporaryDirectory(prefix="nianbao-convert-") as work:
        source = Path(work) / ("input" + Path(name or "input").suffix.lower())
        source.write_bytes(data)
        args = [
            command,
            f"-env:UserInstallation={_profile(os.getpid()).as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            target,
            "--outdir",
            work,
            str(source),
        ]
        # A session of its own, so a timeout can stop soffice.bin and not only the launcher script.
        process = subprocess.Popen(
            args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
        )
        try:
            returncode = process.wait(timeout=CONVERT_TIMEOUT)
        except subprocess.TimeoutExpired as exc:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            raise ReadError(f"{label}：转换旧版{kind}超时（{CONVERT_TIMEOUT} 秒），文件可能已损坏") from exc
        result = Path(work) / f"input.{target}"
        if returncode != 0 or not result.exists():
            raise ReadError(
                f"{label}：旧版{kind}无法转换，文件可能已损坏或已加密；请另存为 .{target} 后再导入"
            )
        return result.read_bytes()
