"""What the security controls remember: past passwords, failed logins, second-factor devices, sessions."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class PasswordHistory(models.Model):
    """One password a user has set (its hash); the newest gives the password's age."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="password_history")
    password = models.CharField(max_length=256)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "历史口令"
        verbose_name_plural = "历史口令"


class LoginThrottle(models.Model):
    """Failed logins in a row for one username (known or not), and until when it is locked."""

    username = models.CharField(max_length=150, unique=True)
    failures = models.PositiveIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
    last_failure_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "登录失败计数"
        verbose_name_plural = "登录失败计数"


class TOTPDevice(models.Model):
    """A user's time-based one-time password (RFC 6238) secret; `last_step` stops a code being reused."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, models.CASCADE, related_name="totp_device")
    secret = models.CharField(max_length=64)
    confirmed = models.BooleanField(default=False)
    last_step = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "动态口令设备"
        verbose_name_plural = "动态口令设备"


class UserSession(models.Model):
    """A session a user signed in with, so that disabling the user can end every one of them."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    session_key = models.CharField(max_length=40, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "登录会话"
        verbose_name_plural = "登录会话"
