"""Settings for the tests: fixed values; SQLite in memory unless NIANBAO_DATABASE_URL names PostgreSQL."""

import os
import tempfile
from pathlib import Path

from nianbao.web.settings.base import *  # noqa: F403
from nianbao.web.settings.env import database_config

NIANBAO_DATA_DIR = Path(tempfile.gettempdir()) / f"nianbao-test-{os.getpid()}"
SECRET_KEY = "test-only-secret-key-not-for-production-" + "x" * 20
DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
# The test run reads the database URL only, so the suite runs unchanged on SQLite and on PostgreSQL.
DATABASES = {"default": database_config(os.environ.get("NIANBAO_DATABASE_URL", ""), NIANBAO_DATA_DIR)}
# One test database per run: two runs against the same server (a developer's and CI's) must not drop
# each other's database halfway through.
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"]["TEST"] = {"NAME": f"test_nianbao_{os.getpid()}"}
STATIC_ROOT = NIANBAO_DATA_DIR / "static"
MEDIA_ROOT = NIANBAO_DATA_DIR / "media"
NIANBAO_MAX_UPLOAD_BYTES = 2 * 1024 * 1024
# Hashing with the production hasher would make every persona login slow; security tests set it back.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The second factor would stand between every persona and its pages; tests/security turns it on.
NIANBAO_TOTP_REQUIRED_ROLES = ""
# Background jobs run at once in the calling process, so a test sees a run's results when it returns.
Q_CLUSTER = {**Q_CLUSTER, "sync": True}  # noqa: F405
NIANBAO_HISTORY_IMPORT_THREAD = False
