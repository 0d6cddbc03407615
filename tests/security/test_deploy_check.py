import os
import subprocess
import sys

from nianbao.web.settings import production


def test_the_production_settings_pass_django_deploy_checks(tmp_path):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="nianbao.web.settings.production",
        NIANBAO_DATA_DIR=str(tmp_path),
        NIANBAO_ALLOWED_HOSTS="nianbao.example.gov.cn",
    )
    env.pop("NIANBAO_DEBUG", None)
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_production_settings_use_secure_cookies_and_hsts():
    assert production.SESSION_COOKIE_SECURE and production.CSRF_COOKIE_SECURE
    assert production.SECURE_SSL_REDIRECT
    assert production.SECURE_HSTS_SECONDS >= 31536000
    assert production.DEBUG is False
