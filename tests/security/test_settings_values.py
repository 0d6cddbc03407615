import pytest
from django.test import override_settings

from nianbao.web.security.conf import SecuritySettingError, env_value, value


def test_a_setting_comes_from_the_environment_when_django_has_none(monkeypatch):
    monkeypatch.setenv("NIANBAO_LOGIN_MAX_FAILURES", "7")
    assert value("NIANBAO_LOGIN_MAX_FAILURES") == 7


def test_a_django_setting_wins_over_the_environment(monkeypatch):
    monkeypatch.setenv("NIANBAO_LOGIN_MAX_FAILURES", "7")
    with override_settings(NIANBAO_LOGIN_MAX_FAILURES=3):
        assert value("NIANBAO_LOGIN_MAX_FAILURES") == 3


@pytest.mark.parametrize("raw", ["five", "-1", "1.5"])
def test_a_malformed_number_fails_loudly_naming_the_setting(monkeypatch, raw):
    monkeypatch.setenv("NIANBAO_SESSION_IDLE_MINUTES", raw)
    with pytest.raises(SecuritySettingError, match="NIANBAO_SESSION_IDLE_MINUTES"):
        env_value("NIANBAO_SESSION_IDLE_MINUTES")


def test_an_unknown_setting_is_refused():
    with pytest.raises(SecuritySettingError):
        value("NIANBAO_NO_SUCH_SETTING")
