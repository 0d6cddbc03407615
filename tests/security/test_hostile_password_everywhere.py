"""Finding 7 (passwords): the password rules must hold wherever a password is set. Django's
createsuperuser skips them for DJANGO_SUPERUSER_PASSWORD and offers to bypass them interactively;
`nianbao manage createsuperuser` applies them either way. (The people page, the Django admin's forms and
`changepassword` run the validators already; the first-run prompt of `nianbao serve` is covered elsewhere.)"""

from __future__ import annotations

import builtins

import pytest
from click.testing import CliRunner

from nianbao.cli.main import cli
from nianbao.web.registry.models import User
from nianbao.web.security.strict_superuser import _no_bypass

pytestmark = [pytest.mark.django_db]


def _create(password: str):
    return CliRunner().invoke(
        cli,
        [
            "manage",
            "createsuperuser",
            "--noinput",
            "--username",
            "root_test",
            "--email",
            "root@example.gov.cn",
        ],
        env={"DJANGO_SUPERUSER_PASSWORD": password},
    )


@pytest.mark.parametrize("password", ["1", "password", "root_test1"])
def test_a_weak_superuser_password_from_the_environment_is_refused(password):
    result = _create(password)
    assert result.exit_code != 0
    assert "不符合口令规则" in result.output
    assert not User.objects.filter(username="root_test").exists()


def test_a_good_one_is_accepted():
    result = _create("Ro0t-示例-口令-2026")
    assert result.exit_code == 0, result.output
    assert User.objects.get(username="root_test").is_superuser


def test_the_interactive_bypass_is_answered_no(monkeypatch):
    monkeypatch.setattr(builtins, "input", lambda prompt="": "y")
    with _no_bypass():
        assert builtins.input("Bypass password validation and create user anyway? [y/N]: ") == "n"
        assert builtins.input("Username: ") == "y"  # other prompts are untouched
