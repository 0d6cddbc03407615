"""An import batch (the dry run's results until confirmed) and the source of each imported report."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from nianbao.web.registry.models import Region
from nianbao.web.reporting.models import Report


class ImportBatch(models.Model):
    """One upload of earlier years' published reports: read, matched, shown, then confirmed or dropped."""

    class Status(models.TextChoices):
        READING = "reading", "正在读取"
        READY = "ready", "待确认"
        CONFIRMED = "confirmed", "已导入"
        FAILED = "failed", "读取失败"

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    region = models.ForeignKey(Region, models.PROTECT, related_name="+", verbose_name="地区")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.READING)
    total = models.PositiveIntegerField("文件数", default=0)
    done = models.PositiveIntegerField("已读取", default=0)
    list_publicly = models.BooleanField("在集中发布栏目中列出", default=False)
    # One entry per document: name, sha256, status, reason, match, year, template, values, findings.
    results = models.JSONField("读取结果", default=list)
    message = models.TextField("说明", blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "历年报表导入"
        verbose_name_plural = "历年报表导入"


def source_path(instance: ImportedSource, filename: str) -> str:
    return f"history/{instance.sha256}{instance.extension}"


class ImportedSource(models.Model):
    """The file an imported report was read from, kept as uploaded with its SHA-256."""

    report = models.OneToOneField(Report, models.PROTECT, related_name="imported", verbose_name="报表")
    batch = models.ForeignKey(ImportBatch, models.PROTECT, related_name="sources")
    file = models.FileField(upload_to=source_path)
    original_name = models.CharField("原文件名", max_length=255)
    extension = models.CharField(max_length=10)
    sha256 = models.CharField(max_length=64, db_index=True)
    size = models.PositiveIntegerField()
    matched_by = models.CharField("匹配依据", max_length=20)
    listed = models.BooleanField("在集中发布栏目中列出", default=False)

    class Meta:
        verbose_name = "导入来源"
        verbose_name_plural = "导入来源"
