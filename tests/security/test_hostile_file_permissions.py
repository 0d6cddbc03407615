"""Finding 7b: the data directory, its database, WAL, media and backups were created readable by every
local user (0644/0755). They are now 0600 (files) and 0700 (directories), as the README says."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.test import override_settings

SRC = Path(__file__).resolve().parents[2] / "src"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_server_commands_create_everything_private(tmp_path):
    data = tmp_path / "data"
    env = {
        **os.environ,
        "PYTHONPATH": str(SRC),
        "NIANBAO_DATA_DIR": str(data),
        "NIANBAO_DATABASE_URL": "",
        "DJANGO_SETTINGS_MODULE": "nianbao.web.settings",
    }
    script = (
        "import os; os.umask(0o022)\n"  # a usual login umask: the commands must not depend on it
        "from nianbao.cli.main import main\n"
        "import sys; sys.argv = ['nianbao', 'manage', 'migrate', '--verbosity', '0']\n"
        "main()\n"
    )
    subprocess.run([sys.executable, "-c", script], env=env, check=True, timeout=300)
    assert _mode(data) == 0o700
    files = [p for p in data.rglob("*") if p.is_file()]
    assert any(p.suffix == ".sqlite3" or "db" in p.name for p in files), files
    for path in files:
        assert _mode(path) & 0o077 == 0, f"{path.name} is {oct(_mode(path))}"
    for path in (p for p in data.rglob("*") if p.is_dir()):
        assert _mode(path) == 0o700, f"{path.name} is {oct(_mode(path))}"


def test_uploaded_scans_are_private(tmp_path):
    with override_settings(MEDIA_ROOT=tmp_path / "media"):
        storage = FileSystemStorage()
        name = storage.save("scans/2021/x.pdf", ContentFile(b"%PDF-1.4"))
        assert _mode(Path(storage.path(name))) == 0o600
        assert _mode(Path(storage.path(name)).parent) == 0o700
