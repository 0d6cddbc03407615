"""Run a `nianbao` command as a person at a terminal would: in a pseudo-terminal, answering its prompts."""

from __future__ import annotations

import os
import pty
import re
import select
import signal
import sys
import time
from pathlib import Path

NIANBAO = [sys.executable, "-c", "from nianbao.cli.main import main; main()"]


def clean_env(**extra: str) -> dict[str, str]:
    """The environment of a real run: the production settings, no database URL or admin from the tests."""
    drop = ("DJANGO_SETTINGS_MODULE", "NIANBAO_DATABASE_URL", "NIANBAO_ADMIN_USER", "NIANBAO_ADMIN_PASSWORD")
    env = {k: v for k, v in os.environ.items() if k not in drop}
    src = str(Path(__file__).resolve().parents[2] / "src")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (src, env.get("PYTHONPATH", "")) if p)
    return env | extra


class Terminal:
    """A child process whose stdin, stdout and stderr are one pseudo-terminal, as in a shell."""

    def __init__(self, args: list[str], env: dict[str, str]):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: becomes the command, with the terminal as its controlling tty
            os.execve(sys.executable, [*NIANBAO, *args], env)
        self.output = ""
        self.seen = 0  # expect() looks only at what came after its last match
        self.status: int | None = None

    def expect(self, pattern: str, timeout: float = 120) -> re.Match[str]:
        """Read until `pattern` (a regular expression) appears after the previous match.

        Answer a prompt only once it has appeared: a password prompt discards what was typed before it.
        """
        deadline = time.monotonic() + timeout
        while True:
            match = re.compile(pattern).search(self.output, self.seen)
            if match:
                self.seen = match.end()
                return match
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"{pattern!r} did not appear; the terminal shows:\n{self.output}")
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.fd, 65536)
                except OSError:  # the child ended and closed the terminal
                    chunk = b""
                if not chunk:
                    raise AssertionError(f"{pattern!r} did not appear before the end:\n{self.output}")
                self.output += chunk.decode("utf-8", errors="replace")

    def send(self, line: str) -> None:
        os.write(self.fd, (line + "\n").encode("utf-8"))

    def wait(self, timeout: float = 60) -> int:
        """Read to the end and return the exit code."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.fd], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(self.fd, 65536)
                except OSError:
                    chunk = b""
                self.output += chunk.decode("utf-8", errors="replace")
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.status = os.waitstatus_to_exitcode(status)
                return self.status
        raise AssertionError(f"the command did not end; the terminal shows:\n{self.output}")

    def stop(self) -> None:
        """End the child (Ctrl-C first, as a person would) and close the terminal."""
        if self.status is None:
            try:
                os.kill(self.pid, signal.SIGINT)
                try:
                    self.wait(timeout=20)
                except AssertionError:
                    os.kill(self.pid, signal.SIGKILL)
                    os.waitpid(self.pid, 0)
            except ProcessLookupError:
                pass
        os.close(self.fd)
