"""The publication checks' settings: each one documented, bad values named in Chinese."""

from __future__ import annotations

from pathlib import Path

import pytest

from nianbao.web.verification import conf

README = Path(__file__).resolve().parents[3] / "README.md"


def test_every_setting_is_documented_in_the_readme():
    text = README.read_text(encoding="utf-8")
    assert [s.name for s in conf.SETTINGS if f"| {s.name} |" not in text] == []


@pytest.mark.parametrize(
    ("override", "named"),
    [
        ({"timeout": "快"}, "NIANBAO_VERIFY_TIMEOUT"),
        ({"workers": "0"}, "NIANBAO_VERIFY_WORKERS"),
        ({"allow_networks": "10.0.0.0/33"}, "NIANBAO_VERIFY_ALLOW_NETWORKS"),
        ({"contact_url": "联系我们"}, "NIANBAO_VERIFY_CONTACT_URL"),
    ],
)
def test_a_bad_value_names_its_setting(settings, override, named):
    settings.NIANBAO_VERIFY = override
    with pytest.raises(conf.VerifySettingError, match=named):
        conf.fetch_policy()
        conf.workers()


def test_the_environment_is_read_and_the_django_setting_wins(settings, monkeypatch):
    settings.NIANBAO_VERIFY = {}
    monkeypatch.setenv("NIANBAO_VERIFY_ALLOW_HOSTS", "*.intranet.example")
    monkeypatch.setenv("NIANBAO_VERIFY_MAX_MB", "2")
    policy = conf.fetch_policy()
    assert policy.addresses.host_allowed("www.intranet.example")
    assert policy.max_bytes == 2 * 2**20
    settings.NIANBAO_VERIFY = {"max_mb": "3"}
    assert conf.fetch_policy().max_bytes == 3 * 2**20
