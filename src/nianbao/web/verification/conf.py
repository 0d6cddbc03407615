"""The settings of publication checks: environment variables, overridden by settings.NIANBAO_VERIFY.

Kept here rather than in the shared settings table so that the checks' settings travel with the app.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from django.conf import settings

from nianbao.publication import AddressPolicy, FetchPolicy


@dataclass(frozen=True)
class VerifySetting:
    name: str  # environment variable; the key in NIANBAO_VERIFY is the part after NIANBAO_VERIFY_, lower-case
    default: str
    help: str


SETTINGS = (
    VerifySetting("NIANBAO_VERIFY_CONTACT_URL", "", "User-Agent 中的联系网址（监管单位的说明页）"),
    VerifySetting("NIANBAO_VERIFY_ALLOW_HOSTS", "", "允许访问的内网主机名，逗号分隔；*.x.cn 指其下全部"),
    VerifySetting("NIANBAO_VERIFY_ALLOW_NETWORKS", "", "允许访问的内网网段，逗号分隔，如 10.45.0.0/16"),
    VerifySetting("NIANBAO_VERIFY_TIMEOUT", "15", "单次请求超时（秒）"),
    VerifySetting("NIANBAO_VERIFY_CHECK_TIMEOUT", "60", "一份报表核验的总时限（秒）"),
    VerifySetting("NIANBAO_VERIFY_MAX_MB", "20", "下载大小上限（MB），超过即停止"),
    VerifySetting("NIANBAO_VERIFY_EVIDENCE_MB", "5", "保存为证据的副本大小上限（MB）"),
    VerifySetting("NIANBAO_VERIFY_REDIRECTS", "5", "最多跟随的重定向次数"),
    VerifySetting("NIANBAO_VERIFY_WORKERS", "8", "全区核验时同时进行的核验数（同一主机始终一次一个请求）"),
    VerifySetting("NIANBAO_VERIFY_CA_BUNDLE", "", "内网网站使用自建证书时的 CA 证书文件（PEM）"),
)  # fmt: skip


class VerifySettingError(ValueError):
    """A publication-check setting holds an unusable value; the message names it (Chinese)."""


def _raw(setting: VerifySetting) -> str:
    overrides = getattr(settings, "NIANBAO_VERIFY", {}) or {}
    key = setting.name.removeprefix("NIANBAO_VERIFY_").lower()
    if key in overrides:
        value = overrides[key]
        return ",".join(value) if isinstance(value, list | tuple) else str(value)
    return os.environ.get(setting.name, "").strip() or setting.default


def _number(setting: VerifySetting, minimum: float) -> float:
    text = _raw(setting)
    try:
        value = float(text)
    except ValueError:
        raise VerifySettingError(f"{setting.name} 应为数字，实际为“{text}”") from None
    if value < minimum:
        raise VerifySettingError(f"{setting.name} 不应小于 {minimum:g}，实际为 {value:g}")
    return value


def _get(name: str) -> VerifySetting:
    return next(s for s in SETTINGS if s.name == name)


def workers() -> int:
    return int(_number(_get("NIANBAO_VERIFY_WORKERS"), 1))


def fetch_policy() -> FetchPolicy:
    """Return the fetch policy from the settings; VerifySettingError names a bad value."""
    contact = _raw(_get("NIANBAO_VERIFY_CONTACT_URL"))
    if contact and (not contact.isascii() or not contact.startswith(("http://", "https://", "mailto:"))):
        raise VerifySettingError(
            f"NIANBAO_VERIFY_CONTACT_URL 应为 http(s):// 或 mailto: 开头的 ASCII 网址，实际为“{contact}”"
        )
    try:
        addresses = AddressPolicy.from_settings(
            _raw(_get("NIANBAO_VERIFY_ALLOW_HOSTS")).split(","),
            _raw(_get("NIANBAO_VERIFY_ALLOW_NETWORKS")).split(","),
        )
    except ValueError as exc:
        raise VerifySettingError(f"NIANBAO_VERIFY_ALLOW_NETWORKS：{exc}") from None
    return FetchPolicy(
        contact_url=contact,
        request_timeout=_number(_get("NIANBAO_VERIFY_TIMEOUT"), 0.1),
        check_timeout=_number(_get("NIANBAO_VERIFY_CHECK_TIMEOUT"), 0.1),
        connect_timeout=min(5.0, _number(_get("NIANBAO_VERIFY_TIMEOUT"), 0.1)),
        max_bytes=int(_number(_get("NIANBAO_VERIFY_MAX_MB"), 0.001) * 2**20),
        evidence_bytes=int(_number(_get("NIANBAO_VERIFY_EVIDENCE_MB"), 0) * 2**20),
        max_redirects=int(_number(_get("NIANBAO_VERIFY_REDIRECTS"), 0)),
        addresses=addresses,
        ca_certs=_raw(_get("NIANBAO_VERIFY_CA_BUNDLE")) or None,
    )
