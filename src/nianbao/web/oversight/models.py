"""What supervision stores: reminders sent to site staff, and the supervisor's review of each flag."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from nianbao.web.reporting.models import Report


class Notification(models.Model):
    """A message to one person in the application (a reminder to submit, for instance)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="notifications", verbose_name="收件人"
    )
    report = models.ForeignKey(Report, models.CASCADE, null=True, blank=True, related_name="+")
    kind = models.CharField("类别", max_length=20, default="reminder")
    text = models.TextField("内容")
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="发送人",
    )
    emailed = models.BooleanField("已发邮件", default=False)
    created_at = models.DateTimeField("时间", auto_now_add=True)
    read_at = models.DateTimeField("阅读时间", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "通知"
        verbose_name_plural = "通知"
        indexes = [models.Index(fields=["user", "read_at"])]


class FlagReview(models.Model):
    """A supervisor's check of one flag on one report: kept with the flag's text as it was then."""

    report = models.ForeignKey(Report, models.CASCADE, related_name="flag_reviews", verbose_name="报表")
    key = models.CharField("标记", max_length=400)  # nianbao.analysis.checks.Flag.key
    kind = models.CharField("类别", max_length=20)
    message = models.TextField("标记内容")
    note = models.TextField("核查说明", blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name="核查人"
    )
    checked_at = models.DateTimeField("核查时间", auto_now=True)

    class Meta:
        ordering = ["report", "key"]
        verbose_name = "核查记录"
        verbose_name_plural = "核查记录"
        constraints = [models.UniqueConstraint(fields=["report", "key"], name="one_review_per_flag")]
