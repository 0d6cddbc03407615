"""Start Django for a command that works on the web application's database."""

from __future__ import annotations

import os


def setup_django() -> None:
    """Configure Django with the production settings unless DJANGO_SETTINGS_MODULE names others.

    Everything these commands create — the database and its WAL, uploaded scans, backups, the secret
    key — is for this system's account alone: files 0600 and directories 0700 (the umask), and the
    data directory itself 0700 even when it existed before.
    """
    import django

    os.umask(0o077)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nianbao.web.settings")
    django.setup()
    from django.conf import settings

    data_dir = getattr(settings, "NIANBAO_DATA_DIR", None)
    if data_dir is not None:
        data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        data_dir.chmod(0o700)
