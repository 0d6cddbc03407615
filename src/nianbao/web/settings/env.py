"""Read settings from the environment through small typed helpers that fail loudly.

Every setting read here is listed in SETTINGS (name, default, help); the README documents each one and a test
checks that it does.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class SettingError(ValueError):
    """An environment variable holds a value that cannot be used; the message names it."""


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "NIANBAO_DATA_DIR", "~/.local/share/nianbao", "数据目录：SQLite 数据库、上传的附件、密钥、静态文件"
    ),
    Setting(
        "NIANBAO_DATABASE_URL",
        "",
        "数据库地址；为空时使用数据目录中的 SQLite，例如 postgres://用户@主机:5432/库名",
    ),
    Setting("NIANBAO_SECRET_KEY", "", "Django 密钥；为空时自动生成并保存在数据目录的 secret_key 文件中"),
    Setting("NIANBAO_DEBUG", "false", "调试模式（仅供开发）"),
    Setting("NIANBAO_ALLOWED_HOSTS", "127.0.0.1,localhost", "允许的主机名，逗号分隔"),
    Setting(
        "NIANBAO_CSRF_TRUSTED_ORIGINS",
        "",
        "HTTPS 部署时浏览器地址栏中的来源，逗号分隔，如 https://nianbao.example.gov.cn（见 docs/deploy.md）",
    ),
    Setting("NIANBAO_MAX_UPLOAD_MB", "10", "附件（盖章扫描件）大小上限，单位 MB"),
    Setting("NIANBAO_ADMIN_USER", "", "nianbao serve 首次运行时创建的系统管理员用户名"),
    Setting("NIANBAO_ADMIN_PASSWORD", "", "上述系统管理员的密码"),
    Setting(
        "NIANBAO_REPORT_REGION",
        "",
        "报表标题中的地区（如 广东，标题为“广东政府网站工作年度报表”；写 全国 则为“政府网站工作年度报表”）；"
        "为空时取顶级地区的简称",
    ),
    Setting(
        "NIANBAO_TEMPLATE_DIR",
        "",
        "本地模板文件夹：其中的 .toml 模板（如本省的变体）与内置模板一样按编号和年度选用",
    ),
)
_KNOWN = {s.name: s for s in SETTINGS}


def _raw(name: str) -> str:
    if name not in _KNOWN:
        raise SettingError(f"未登记的设置项 {name}")
    value = os.environ.get(name, "").strip()
    return value if value else _KNOWN[name].default


def env_str(name: str) -> str:
    """Return a setting as text (the default when unset or empty)."""
    return _raw(name)


def env_bool(name: str) -> bool:
    """Return a setting as a boolean; anything but a clear yes/no fails."""
    value = _raw(name).lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off", ""):
        return False
    raise SettingError(f"环境变量 {name} 应为 true 或 false，实际为 {value!r}")


def env_int(name: str, minimum: int = 0) -> int:
    """Return a setting as an integer not below `minimum`; anything else fails."""
    value = _raw(name)
    try:
        number = int(value)
    except ValueError:
        raise SettingError(f"环境变量 {name} 应为整数，实际为 {value!r}") from None
    if number < minimum:
        raise SettingError(f"环境变量 {name} 不应小于 {minimum}，实际为 {number}")
    return number


def env_list(name: str) -> list[str]:
    """Return a comma-separated setting as a list of non-empty entries."""
    return [part.strip() for part in _raw(name).split(",") if part.strip()]


def env_path(name: str) -> Path:
    """Return a setting as an absolute path (~ expanded, relative to the working directory)."""
    return Path(_raw(name)).expanduser().resolve()


def database_config(url: str, data_dir: Path) -> dict[str, Any]:
    """Return Django's DATABASES["default"] for a database URL, or the embedded SQLite when it is empty."""
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(data_dir / "nianbao.sqlite3"),
            "OPTIONS": {
                # WAL lets readers go on while one writer writes; IMMEDIATE takes the write lock at BEGIN so
                # two writers queue on the busy timeout instead of failing with "database is locked".
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    import dj_database_url

    if not url.startswith(("postgres://", "postgresql://", "sqlite://")):
        raise SettingError(
            f"NIANBAO_DATABASE_URL 仅支持 postgres:// 或 sqlite://，实际为 {url.split(':')[0]}://"
        )
    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except ValueError as exc:
        raise SettingError(f"NIANBAO_DATABASE_URL 无法解析：{exc}") from None
    return dict(config)


def secret_key(data_dir: Path) -> str:
    """Return the secret key from the environment, or the one kept in the data directory (made once)."""
    key = env_str("NIANBAO_SECRET_KEY")
    if key:
        return key
    path = data_dir / "secret_key"
    if path.exists():
        return path.read_text(encoding="ascii").strip()
    import secrets

    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    path.write_text(key, encoding="ascii")
    path.chmod(0o600)
    return key
