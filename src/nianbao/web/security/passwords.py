"""Password rules of 等级保护: complexity, no reuse of the last few, and a maximum age."""

from __future__ import annotations

import datetime as dt
import string
from typing import Any

from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils import timezone

from nianbao.web.security.conf import int_value
from nianbao.web.security.models import PasswordHistory

CHARACTER_CLASSES = (
    ("大写字母", lambda c: c.isupper()),
    ("小写字母", lambda c: c.islower()),
    ("数字", lambda c: c.isdigit()),
    ("符号", lambda c: not c.isalnum() or c in string.punctuation),
)


class ComplexityValidator:
    """Require a minimum length and characters of at least N of four classes (upper, lower, digit, symbol)."""

    def validate(self, password: str, user: Any = None) -> None:
        min_length = int_value("NIANBAO_PASSWORD_MIN_LENGTH")
        min_classes = int_value("NIANBAO_PASSWORD_MIN_CLASSES")
        problems = []
        if len(password) < min_length:
            problems.append(f"口令至少 {min_length} 个字符")
        used = [name for name, test in CHARACTER_CLASSES if any(test(c) for c in password)]
        if len(used) < min_classes:
            problems.append(
                f"口令须包含大写字母、小写字母、数字、符号中至少 {min_classes} 类（现有 {len(used)} 类）"
            )
        if problems:
            raise ValidationError("；".join(problems), code="password_too_simple")

    def get_help_text(self) -> str:
        return (
            f"口令至少 {int_value('NIANBAO_PASSWORD_MIN_LENGTH')} 个字符，"
            "包含大写字母、小写字母、数字、符号中"
            f"至少 {int_value('NIANBAO_PASSWORD_MIN_CLASSES')} 类。"
        )


class HistoryValidator:
    """Refuse a password the user has used among the last N, and remember each new one."""

    def validate(self, password: str, user: Any = None) -> None:
        depth = int_value("NIANBAO_PASSWORD_HISTORY")
        if user is None or user.pk is None or depth <= 0:
            return
        recent = PasswordHistory.objects.filter(user=user).values_list("password", flat=True)[:depth]
        if any(check_password(password, encoded) for encoded in recent):
            raise ValidationError(f"新口令不能与最近 {depth} 次使用过的口令相同", code="password_reused")

    def password_changed(self, password: str, user: Any = None) -> None:
        if user is None or user.pk is None:
            return
        PasswordHistory.objects.create(user=user, password=user.password)
        keep = max(int_value("NIANBAO_PASSWORD_HISTORY"), 1)
        stale = PasswordHistory.objects.filter(user=user).values_list("pk", flat=True)[keep:]
        PasswordHistory.objects.filter(pk__in=list(stale)).delete()

    def get_help_text(self) -> str:
        return f"新口令不能与最近 {int_value('NIANBAO_PASSWORD_HISTORY')} 次使用过的口令相同。"


def password_set_at(user: Any) -> dt.datetime:
    """Return when the user's current password was set (the account's creation when unknown)."""
    latest = PasswordHistory.objects.filter(user=user).values_list("created_at", flat=True).first()
    return latest or user.date_joined


def password_expired(user: Any, now: dt.datetime | None = None) -> bool:
    """Say whether the user's password is older than the maximum age (never when the age is 0)."""
    max_age = int_value("NIANBAO_PASSWORD_MAX_AGE_DAYS")
    if max_age <= 0 or not user.has_usable_password():
        return False
    return (now or timezone.now()) - password_set_at(user) > dt.timedelta(days=max_age)
