"""Publication checks of reports, and region-wide runs of them."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from nianbao.web.registry.models import Region
from nianbao.web.reporting.models import Report, Revision


class Outcome(models.TextChoices):
    CONSISTENT = "consistent", "一致"
    INCONSISTENT = "inconsistent", "不一致"
    NOT_FOUND = "not_found", "未找到报表"
    UNREACHABLE = "unreachable", "无法访问"


class PublicationRun(models.Model):
    """Checking every published report of a region's year, as one background job with its progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "进行中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    region = models.ForeignKey(Region, models.PROTECT, related_name="+", verbose_name="地区")
    year = models.PositiveSmallIntegerField("年度")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.QUEUED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="发起人",
    )
    created_at = models.DateTimeField("发起时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    touched_at = models.DateTimeField("最近进展", null=True, blank=True)
    total = models.PositiveIntegerField("报表数", default=0)
    done = models.PositiveIntegerField("已核验", default=0)
    counts = models.JSONField("各结果数", default=dict, blank=True)
    message = models.TextField("说明", blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "全区公开核验"
        verbose_name_plural = "全区公开核验"
        indexes = [models.Index(fields=["region", "year", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.region.name} {self.year}年度公开核验"

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else (100 if self.status == "done" else 0)

    @property
    def active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)


def evidence_path(instance: PublicationCheck, filename: str) -> str:
    return f"publication/{instance.report_id}/{filename}"


class PublicationCheck(models.Model):
    """One check of one report on its website: the result, the URLs, and the fetched document as evidence.

    Never updated after it is written: a later check is a new row, so the history shows what the site
    published on each day.
    """

    report = models.ForeignKey(Report, models.PROTECT, related_name="publication_checks", verbose_name="报表")
    revision = models.ForeignKey(
        Revision, models.PROTECT, null=True, blank=True, related_name="+", verbose_name="对照的修订版本"
    )
    run = models.ForeignKey(
        PublicationRun, models.SET_NULL, null=True, blank=True, related_name="checks", verbose_name="全区核验"
    )
    checked_at = models.DateTimeField("核验时间", db_index=True)
    outcome = models.CharField("结果", max_length=14, choices=Outcome.choices)
    reason = models.CharField("无法访问的原因", max_length=20, blank=True)
    message = models.TextField("说明")
    public_url = models.CharField("公开网址", max_length=1000)
    final_url = models.CharField("跳转后的网址", max_length=2000, blank=True)
    document_url = models.CharField("报表所在文件", max_length=2000, blank=True)
    home_url = models.CharField("首页网址", max_length=1000, blank=True)
    home_linked = models.BooleanField("首页有链接", null=True)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    size = models.PositiveBigIntegerField("大小（字节）", default=0)
    evidence = models.FileField("取得的文件", upload_to=evidence_path, blank=True, max_length=300)
    details = models.JSONField("详情", default=dict)

    class Meta:
        ordering = ["-checked_at", "-id"]
        verbose_name = "公开核验记录"
        verbose_name_plural = "公开核验记录"
        indexes = [models.Index(fields=["report", "-checked_at"], name="publication_last_check")]

    def __str__(self) -> str:
        return f"{self.report} {self.get_outcome_display()}"

    @property
    def differences(self) -> list[dict]:
        return list(self.details.get("differences", []))

    @property
    def home_label(self) -> str:
        if self.home_linked is None:
            return "未能检查"
        return "有链接" if self.home_linked else "首页未见链接"
