"""Every security setting in one table (name, default, help); docs/security.md is checked against it.

A value comes from the Django setting of the same name when there is one (the tests override those), else
from the environment variable of the same name, else the default. Values are read when used, not at import.
"""

from __future__ import annotations

import os
from dataclasses import dataclass


class SecuritySettingError(ValueError):
    """A security setting holds a value of the wrong kind; the message names it."""


@dataclass(frozen=True)
class SecuritySetting:
    name: str
    default: int | bool | str
    help: str


SECURITY_SETTINGS: tuple[SecuritySetting, ...] = (
    SecuritySetting("NIANBAO_PASSWORD_MIN_LENGTH", 8, "口令最小长度"),
    SecuritySetting(
        "NIANBAO_PASSWORD_MIN_CLASSES", 3, "口令至少包含的字符类别数（大写、小写、数字、符号四类中）"
    ),
    SecuritySetting(
        "NIANBAO_PASSWORD_MAX_AGE_DAYS", 90, "口令最长使用天数，到期后登录须先修改口令；0 为不限"
    ),
    SecuritySetting("NIANBAO_PASSWORD_HISTORY", 5, "新口令不得与最近几次使用过的口令相同；0 为不检查"),
    SecuritySetting("NIANBAO_LOGIN_MAX_FAILURES", 5, "连续登录失败多少次后锁定账户"),
    SecuritySetting("NIANBAO_LOGIN_LOCKOUT_MINUTES", 30, "账户锁定时长（分钟），期间口令正确也不能登录"),
    SecuritySetting(
        "NIANBAO_ADDRESS_MAX_FAILURES",
        20,
        "同一客户端地址连续多少次口令或动态口令错误（不论账户）后暂停其登录",
    ),
    SecuritySetting("NIANBAO_ADDRESS_BLOCK_MINUTES", 15, "客户端地址暂停登录的时长（分钟）"),
    SecuritySetting("NIANBAO_SESSION_IDLE_MINUTES", 15, "会话空闲超时（分钟）"),
    SecuritySetting("NIANBAO_SESSION_MAX_HOURS", 8, "会话绝对有效期（小时），到期须重新登录"),
    SecuritySetting(
        "NIANBAO_TOTP_REQUIRED_ROLES",
        "supervisor,admin,auditor,security",
        "必须使用动态口令（TOTP）第二因素的角色，逗号分隔；填 none 则仅自愿启用",
    ),
    SecuritySetting("NIANBAO_TOTP_ISSUER", "nianbao", "动态口令应用中显示的签发者名称"),
    SecuritySetting(
        "NIANBAO_SECURITY_LEVEL", 2, "等级保护级别：2 或 3；3 时安全管理员也与系统管理员、审计管理员分离"
    ),
    SecuritySetting(
        "NIANBAO_HSTS_SECONDS",
        31536000,
        "HSTS 有效期（秒），仅用于 HTTPS 生产设置 nianbao.web.settings.production",
    ),
    SecuritySetting(
        "NIANBAO_TRUSTED_PROXIES",
        "",
        "可信反向代理的地址或网段，逗号分隔（如 127.0.0.1,::1）；只有来自这些地址的请求才采信 "
        "X-Forwarded-For / X-Real-IP 中的客户端地址；为空时一律记录直接连接的地址",
    ),
)
_BY_NAME = {s.name: s for s in SECURITY_SETTINGS}


def env_value(name: str) -> int | bool | str:
    """Return a security setting from the environment or its default (usable while settings load)."""
    spec = _BY_NAME[name]
    raw = os.environ.get(name, "").strip()
    if not raw:
        return spec.default
    if isinstance(spec.default, bool):
        if raw.lower() in ("1", "true", "yes", "on"):
            return True
        if raw.lower() in ("0", "false", "no", "off"):
            return False
        raise SecuritySettingError(f"环境变量 {name} 应为 true 或 false，实际为 {raw!r}")
    if isinstance(spec.default, int):
        try:
            number = int(raw)
        except ValueError:
            raise SecuritySettingError(f"环境变量 {name} 应为非负整数，实际为 {raw!r}") from None
        if number < 0:
            raise SecuritySettingError(f"环境变量 {name} 应为非负整数，实际为 {number}")
        return number
    return raw


def value(name: str) -> int | bool | str:
    """Return a security setting: the Django setting of that name, else the environment, else the default."""
    from django.conf import settings

    if name not in _BY_NAME:
        raise SecuritySettingError(f"未登记的安全设置 {name}")
    if hasattr(settings, name):
        return getattr(settings, name)
    return env_value(name)


def int_value(name: str) -> int:
    """Return a security setting that is a number."""
    return int(value(name))


def roles_value(name: str) -> frozenset[str]:
    """Return a comma-separated security setting as a set of codes; "none" stands for the empty set.

    An empty environment variable means "not set" (the default applies), so "none" is how an operator
    says "no role" from the environment.
    """
    parts = {part.strip() for part in str(value(name)).split(",") if part.strip()}
    return frozenset() if parts <= {"none"} else frozenset(parts - {"none"})
