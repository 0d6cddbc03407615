from pathlib import Path

import pytest

from nianbao.web.settings.env import SettingError, database_config, env_bool, env_int


def test_it_defaults_to_sqlite_in_the_data_dir_with_wal():
    config = database_config("", Path("/srv/nb"))
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == "/srv/nb/nianbao.sqlite3"
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]
    assert config["OPTIONS"]["timeout"] > 0


def test_it_reads_a_postgres_url():
    config = database_config("postgres://nb:pw@db.example:5433/nianbao", Path("/x"))
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"], config["USER"]) == (
        "db.example",
        5433,
        "nianbao",
        "nb",
    )


def test_it_refuses_an_unknown_database_scheme():
    with pytest.raises(SettingError, match="NIANBAO_DATABASE_URL"):
        database_config("mysql://x@y/z", Path("/x"))


def test_it_fails_loudly_on_a_malformed_boolean(monkeypatch):
    monkeypatch.setenv("NIANBAO_DEBUG", "perhaps")
    with pytest.raises(SettingError, match="NIANBAO_DEBUG"):
        env_bool("NIANBAO_DEBUG")


def test_it_fails_loudly_on_a_malformed_integer(monkeypatch):
    monkeypatch.setenv("NIANBAO_MAX_UPLOAD_MB", "ten")
    with pytest.raises(SettingError, match="NIANBAO_MAX_UPLOAD_MB"):
        env_int("NIANBAO_MAX_UPLOAD_MB", minimum=1)


def test_it_refuses_a_setting_that_is_not_in_the_table():
    with pytest.raises(SettingError):
        env_bool("NIANBAO_NOT_A_SETTING")
