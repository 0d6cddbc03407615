"""`nianbao manage check --deploy` passes on the settings file of docs/deploy.md, and the guide covers
systemd, nginx with HTTPS, PostgreSQL, backups and a restore drill, log retention and upgrades."""

from __future__ import annotations

import os
import subprocess
import sys

from .docs import GUIDE, blocks, service_command, settings_file

NIANBAO = [sys.executable, "-c", "from nianbao.cli.main import main; main()"]
DEPLOY_CHECK = [*NIANBAO, "manage", "check", "--deploy", "--fail-level", "WARNING"]


def test_django_deploy_check_passes_on_the_documented_settings(tmp_path):
    documented = settings_file()
    assert documented["DJANGO_SETTINGS_MODULE"] == "nianbao.web.settings.production"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NIANBAO_", "DJANGO_"))}
    env |= documented | {"NIANBAO_DATA_DIR": str(tmp_path)}  # the check reads no database
    result = subprocess.run(
        DEPLOY_CHECK,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_deploy_check_fails_without_the_https_settings(tmp_path):
    # The check above can fail: the plain settings (for http://127.0.0.1:8000) are not fit for deployment.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NIANBAO_", "DJANGO_"))}
    env |= settings_file() | {
        "NIANBAO_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "nianbao.web.settings",
    }
    result = subprocess.run(
        DEPLOY_CHECK,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SESSION_COOKIE_SECURE" in result.stdout + result.stderr


def test_the_documented_settings_trust_only_the_local_proxy_and_name_the_https_origin():
    documented = settings_file()
    assert documented["NIANBAO_TRUSTED_PROXIES"] == "127.0.0.1,::1"
    host = documented["NIANBAO_ALLOWED_HOSTS"]
    assert documented["NIANBAO_CSRF_TRUSTED_ORIGINS"] == f"https://{host}"
    assert documented["NIANBAO_DATABASE_URL"].startswith("postgres://")
    assert service_command()[:3] == ["serve", "--host", "127.0.0.1"]  # never reachable but through nginx


def test_the_guide_covers_backups_a_restore_drill_log_retention_and_upgrades():
    text = GUIDE.read_text(encoding="utf-8")
    timer = next(b for b in blocks("ini") if "OnCalendar=" in b)
    assert "OnCalendar=*-*-* 02:30:00" in timer and "Persistent=true" in timer
    assert "nianbao backup --out" in text and "restore" in text and "audit verify" in text
    assert "恢复演练" in text
    rotate = int(next(line for line in text.splitlines() if line.strip().startswith("rotate ")).split()[1])
    assert rotate >= 183, "nginx logs must be kept at least six months (daily rotation)"
    retention = next(line.strip() for line in text.splitlines() if "MaxRetentionSec=" in line)
    assert int(retention.removeprefix("MaxRetentionSec=").removesuffix("day")) >= 183
    upgrade = text[text.index("## 10. 升级") :]
    steps = [upgrade.index(word) for word in ("backup", "pip install", "migrate", "check --deploy")]
    assert steps == sorted(steps), "upgrade order: backup, install, migrate, check"
