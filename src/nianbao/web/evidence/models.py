"""An evidence record attached to a report: the figures and their provenance, as uploaded, and its use."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from nianbao.evidence.provenance import Evidence
from nianbao.web.reporting.models import Report

KIND_LABELS = {"access-logs": "访问日志", "cms": "内容管理系统导出", "messages": "留言板导出"}


class EvidenceRecord(models.Model):
    """One Evidence (nianbao.evidence.provenance) for one report; never edited, only accepted or not."""

    report = models.ForeignKey(Report, models.CASCADE, related_name="evidence", verbose_name="报表")
    kind = models.CharField("来源", max_length=20)
    data = models.JSONField("取证记录")  # Evidence.to_dict()
    sha256 = models.CharField("文件摘要", max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    accepted_at = models.DateTimeField("采用时间", null=True, blank=True)
    accepted_keys = models.JSONField("已采用的项目", default=list, blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = "取证数据"
        verbose_name_plural = "取证数据"

    @property
    def evidence(self) -> Evidence:
        return Evidence.from_dict(self.data)

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)
