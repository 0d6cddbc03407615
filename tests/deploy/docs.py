"""The deployment guide's configuration blocks, as the tests use them: docs/deploy.md is the source."""

from __future__ import annotations

import re
from pathlib import Path

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "deploy.md"


def blocks(language: str) -> list[str]:
    """Return the fenced blocks of the guide written in `language` (```nginx, ```ini, ```sh), in order."""
    text = GUIDE.read_text(encoding="utf-8")
    return [m.group(1) for m in re.finditer(rf"^```{language}\n(.*?)^```", text, re.M | re.S)]


def settings_file() -> dict[str, str]:
    """The settings file /etc/nianbao/nianbao.env of the guide (the first ```sh block)."""
    values = {}
    for line in blocks("sh")[0].splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            values[name] = value
    return values


def service_command() -> list[str]:
    """The arguments after `nianbao` in the systemd unit's ExecStart (the first ```ini block)."""
    unit = blocks("ini")[0]
    exec_start = re.search(r"^ExecStart=(\S+/nianbao) (.*)$", unit, re.M)
    assert exec_start, "the unit has no ExecStart running nianbao"
    return exec_start.group(2).split()


def nginx_site() -> str:
    """The nginx site configuration of the guide (the ```nginx block)."""
    (site,) = blocks("nginx")
    return site
