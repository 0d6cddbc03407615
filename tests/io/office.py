"""Open a document in LibreOffice (headless) and return the text of the PDF it makes of it."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Conversion:
    returncode: int
    stderr: str
    pdf: Path
    text: str  # pdftotext output with all whitespace removed (digits and CJK come in separate runs)


def convert_to_pdf(document: Path, workdir: Path) -> Conversion:
    """Convert with a private LibreOffice profile, so parallel conversions do not share one."""
    soffice = shutil.which("libreoffice") or shutil.which("soffice")
    assert soffice, "LibreOffice is installed by scripts/install-system-packages.sh"
    profile = workdir / "profile"
    done = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(workdir),
            str(document),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    pdf = workdir / (document.stem + ".pdf")
    text = ""
    if pdf.exists():
        text = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
    return Conversion(done.returncode, done.stderr, pdf, re.sub(r"\s+", "", text))


def complaints(stderr: str) -> list[str]:
    """Return LibreOffice's error lines; the Java launcher's note is about the machine, not the file."""
    return [line for line in stderr.splitlines() if "error" in line.lower() and "javaldx" not in line]
