"""One wording for every path problem, in every command (import, validate, render, ...), and exit code 2.

Inputs are named by nianbao.io.registry.read_path ("…：文件不存在", "…：这是一个文件夹，不是文件");
outputs are checked here with the same phrases, before any work is done, so a long conversion never ends in a
message about a missing folder.
"""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path
from typing import NoReturn

import click

IS_A_FOLDER = "这是一个文件夹，不是文件"
IS_A_FILE = "这是一个文件，不是文件夹"
NO_PERMISSION = "没有写入权限"


def fail(message: str) -> NoReturn:
    """Print a Chinese message on stderr and exit with 2 (the input or output cannot be used)."""
    click.echo(f"错误：{message}", err=True)
    sys.exit(2)


def _writable(folder: Path) -> bool:
    return os.access(folder, os.W_OK | os.X_OK)


def output_file_problem(path: Path) -> str | None:
    """Say why a file cannot be written at `path` (None when it can, as far as can be told beforehand)."""
    if path.is_dir():
        return f"{path}：{IS_A_FOLDER}"
    parent = path.parent
    if not parent.exists():
        return f"{path}：输出文件夹 {parent} 不存在，请先创建它或换一个位置"
    if not parent.is_dir():
        return f"{path}：{parent} {IS_A_FILE}"
    if path.exists() and not os.access(path, os.W_OK):
        return f"{path}：{NO_PERMISSION}"
    if not path.exists() and not _writable(parent):
        return f"{path}：{NO_PERMISSION}（文件夹 {parent}）"
    return None


def output_folder_problem(path: Path) -> str | None:
    """Say why files cannot be written into the folder `path` (made if missing); None when they can."""
    if path.exists() and not path.is_dir():
        return f"{path}：{IS_A_FILE}"
    existing = path
    while not existing.exists():
        existing = existing.parent
    if not existing.is_dir():
        return f"{path}：{existing} {IS_A_FILE}"
    if not _writable(existing):
        return f"{path}：{NO_PERMISSION}（文件夹 {existing}）"
    return None


def check_output_file(path: Path) -> None:
    """Exit 2 with the common wording when a file cannot be written at `path`."""
    problem = output_file_problem(path)
    if problem:
        fail(problem)


def check_output_folder(path: Path) -> None:
    """Exit 2 with the common wording when files cannot be written into the folder `path`."""
    problem = output_folder_problem(path)
    if problem:
        fail(problem)


def write_problem(path: Path, exc: OSError) -> str:
    """The common wording for a write that failed anyway (a full disk, a race with another program)."""
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"{path}：{NO_PERMISSION}"
    if exc.errno == errno.EISDIR:
        return f"{path}：{IS_A_FOLDER}"
    if exc.errno == errno.ENOENT:
        return f"{path}：输出文件夹 {path.parent} 不存在，请先创建它或换一个位置"
    if exc.errno == errno.ENOSPC:
        return f"{path}：磁盘空间不足，无法写入"
    return f"{path}：无法写入（{exc.strerror or exc}）"
