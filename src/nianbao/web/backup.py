"""Back up and restore the whole system: the database (consistent while the server runs) and uploaded files.

An archive is a .tar.gz holding manifest.json (what is inside, with SHA-256 checksums), the database
(SQLite through its online backup API; PostgreSQL through pg_dump's custom format) and media/.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection

FORMAT = 1
SQLITE_NAME = "database/nianbao.sqlite3"
PGDUMP_NAME = "database/nianbao.pgdump"


class BackupError(RuntimeError):
    """A backup or restore could not be done; the message (Chinese) says why."""


@dataclass(frozen=True)
class Restored:
    archive: Path
    created_at: str
    files: int
    audit_records: int


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def _pg_env_and_args() -> tuple[dict[str, str], list[str]]:
    db = connection.settings_dict
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    args = []
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            args += [flag, str(db[key])]
    return env, [*args, "--dbname", str(db["NAME"])]


def _dump_database(stage: Path) -> str:
    (stage / "database").mkdir()
    if connection.vendor == "sqlite":
        target = stage / SQLITE_NAME
        connection.ensure_connection()
        # The online backup API copies a consistent snapshot while other connections keep writing.
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        copy.close()
        return SQLITE_NAME
    if connection.vendor == "postgresql":
        if shutil.which("pg_dump") is None:
            raise BackupError("找不到 pg_dump：请安装 PostgreSQL 客户端（postgresql-client）")
        env, args = _pg_env_and_args()
        # pg_dump reads one snapshot in one transaction, so the dump is consistent while the server runs.
        command = [
            "pg_dump",
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            "--file",
            str(stage / PGDUMP_NAME),
        ]
        result = subprocess.run(command + args, env=env, capture_output=True, text=True)
        if result.returncode != 0:
            raise BackupError(f"pg_dump 失败：{result.stderr.strip()}")
        return PGDUMP_NAME
    raise BackupError(f"不支持备份 {connection.vendor} 数据库")


def _audit_state() -> dict[str, Any]:
    from nianbao.web.audit.models import AuditRecord

    last = AuditRecord.objects.order_by("-seq").first()
    return {"records": AuditRecord.objects.count(), "last_hash": last.hash if last else None}


def create_backup(out_dir: Path) -> Path:
    """Write a backup archive into `out_dir` and return its path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    now = dt.datetime.now(dt.UTC)
    archive = out_dir / f"nianbao-backup-{now:%Y%m%dT%H%M%S%fZ}.tar.gz"
    with tempfile.TemporaryDirectory(prefix="nianbao-backup-") as tmp:
        stage = Path(tmp)
        database = _dump_database(stage)
        files: dict[str, dict[str, Any]] = {}
        media = _media_root()
        if media.is_dir():
            for path in sorted(p for p in media.rglob("*") if p.is_file()):
                name = "media/" + path.relative_to(media).as_posix()
                (stage / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, stage / name)
        for path in sorted(p for p in stage.rglob("*") if p.is_file()):
            files[path.relative_to(stage).as_posix()] = {"sha256": _sha256(path), "size": path.stat().st_size}
        manifest = {
            "format": FORMAT,
            "created_at": now.isoformat(),
            "engine": connection.vendor,
            "database": database,
            "files": files,
            "audit": _audit_state(),
        }
        partial = archive.with_suffix(".partial")
        with tarfile.open(partial, "w:gz") as tar:
            data = json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")
            info = tarfile.TarInfo("manifest.json")
            info.size, info.mtime = len(data), int(now.timestamp())
            tar.addfile(info, io.BytesIO(data))
            for name in files:
                tar.add(stage / name, arcname=name)
        partial.replace(archive)
    archive.chmod(0o600)
    return archive


def _unpack(archive: Path, into: Path) -> dict[str, Any]:
    try:
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(into, filter="data")
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise BackupError(f"{archive.name}：不是可读的备份文件（{exc}）") from None
    manifest_path = into / "manifest.json"
    if not manifest_path.is_file():
        raise BackupError(f"{archive.name}：缺少 manifest.json，不是 nianbao 备份")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{archive.name}：备份格式 {manifest.get('format')} 不受支持")
    for name, meta in manifest["files"].items():
        path = into / name
        if not path.is_file() or _sha256(path) != meta["sha256"]:
            raise BackupError(f"{archive.name}：{name} 校验和不符，备份已损坏，未做任何恢复")
    if manifest["engine"] != connection.vendor:
        raise BackupError(
            f"{archive.name}：备份来自 {manifest['engine']} 数据库，"
            f"当前数据库是 {connection.vendor}，不能直接恢复"
        )
    return manifest


def _restore_database(stage: Path, manifest: dict[str, Any]) -> None:
    source = stage / manifest["database"]
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(source) as dump:
            dump.backup(connection.connection)
        dump.close()
        return
    env, args = _pg_env_and_args()
    connection.close()
    command = [
        "pg_restore",
        "--clean",
        "--if-exists",
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
    ]
    result = subprocess.run(command + args + [str(source)], env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"pg_restore 失败：{result.stderr.strip()}")


def _restore_media(stage: Path) -> int:
    media = _media_root()
    source = stage / "media"
    if media.exists():
        shutil.rmtree(media)
    if source.is_dir():
        shutil.copytree(source, media)
        return sum(1 for p in media.rglob("*") if p.is_file())
    media.mkdir(parents=True, exist_ok=True)
    return 0


def restore_backup(archive: Path) -> Restored:
    """Replace the database and uploaded files with those of a backup archive (checked before anything)."""
    with tempfile.TemporaryDirectory(prefix="nianbao-restore-") as tmp:
        stage = Path(tmp)
        manifest = _unpack(archive, stage)
        _restore_database(stage, manifest)
        files = _restore_media(stage)
    return Restored(archive, manifest["created_at"], files, int(manifest["audit"]["records"]))
