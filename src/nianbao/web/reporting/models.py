"""Reporting periods, reports, stored values and their history."""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from typing import Any

from django.conf import settings
from django.db import models

from nianbao.forms.template import Template, get_template
from nianbao.report import Report as CoreReport
from nianbao.report.codec import decode_value
from nianbao.report.values import Value
from nianbao.web.registry.models import Region, Website
from nianbao.web.registry.scoping import ScopedManager
from nianbao.web.reporting.titles import title_region


def default_deadline(year: int) -> dt.date:
    """Return the deadline for a reporting year: 31 January of the following year."""
    return dt.date(year + 1, 1, 31)


def current_season(today: dt.date) -> int:
    """Return the reporting year being prepared on `today`: the year now ending from July, else the last."""
    return today.year if today.month >= 7 else today.year - 1


class ReportingPeriod(models.Model):
    """A reporting year opened for a region with a template; every website of the region gets a report."""

    region = models.ForeignKey(Region, models.PROTECT, related_name="periods", verbose_name="地区")
    year = models.PositiveSmallIntegerField("年度")
    template_id = models.CharField("报表模板", max_length=40)
    deadline = models.DateField("截止日期")
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, verbose_name="开启人")
    opened_at = models.DateTimeField("开启时间", auto_now_add=True)

    class Meta:
        ordering = ["-year", "region__path"]
        verbose_name = "填报年度"
        verbose_name_plural = "填报年度"
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="one_period_per_region_year")]

    def __str__(self) -> str:
        return f"{self.region.name} {self.year}年度"

    @cached_property
    def template(self) -> Template:
        """The period's form under the deployment's title (one lookup of the top region per period)."""
        return get_template(self.template_id).titled(title_region(self.region))


class State(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已提交"
    REVIEWED = "reviewed", "已审核"
    APPROVED = "approved", "已批准"
    PUBLISHED = "published", "已公开"
    RETURNED = "returned", "退回"


EDITABLE_STATES = (State.DRAFT, State.RETURNED)


class ReportQuerySet(models.QuerySet):
    def for_user(self, user: Any) -> ReportQuerySet:
        """Return the reports of the websites this user works on or supervises."""
        return self.filter(website__in=Website.objects.for_user(user))


class Report(models.Model):
    """One website's report for one period. `lock_version` grows with every save (optimistic locking)."""

    period = models.ForeignKey(
        ReportingPeriod, models.PROTECT, related_name="reports", verbose_name="填报年度"
    )
    website = models.ForeignKey(Website, models.PROTECT, related_name="reports", verbose_name="网站")
    state = models.CharField("状态", max_length=12, choices=State.choices, default=State.DRAFT, db_index=True)
    revision = models.PositiveIntegerField("修订版本", default=1)
    lock_version = models.PositiveIntegerField("编辑版本", default=0)
    started_at = models.DateTimeField("开始填报", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="提交人",
    )
    published_at = models.DateTimeField("公开时间", null=True, blank=True)
    public_url = models.URLField("公开网址", max_length=300, blank=True)
    corrected = models.BooleanField("发布后曾更正", default=False)
    # Explanations the 填报人 gave for warnings, by warning key ("code:item,item"), checked at submission.
    warning_notes = models.JSONField("警告说明", default=dict, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    unscoped = models.Manager()
    objects = ScopedManager.from_queryset(ReportQuerySet)()

    class Meta:
        ordering = ["period", "website__code"]
        verbose_name = "报表"
        verbose_name_plural = "报表"
        default_manager_name = "unscoped"
        constraints = [
            models.UniqueConstraint(fields=["period", "website"], name="one_report_per_site_period")
        ]

    def __str__(self) -> str:
        return f"{self.website.name} {self.period.year}年度报表"

    @property
    def template(self) -> Template:
        return self.period.template

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES

    @property
    def progress(self) -> str:
        """Return the state as the progress board shows it: "not_started" for a draft nobody has saved."""
        return "not_started" if self.state == State.DRAFT and self.started_at is None else self.state

    def core(self) -> CoreReport:
        """Return the stored values as a core report (unknown keys are skipped: templates only grow)."""
        template = self.template
        values: dict[str, Value] = {}
        for row in self.values.all():
            if template.has_item(row.key):
                values[row.key] = decode_value(template.item(row.key), row.data)
        return CoreReport(template, values)


class ReportValue(models.Model):
    """The current value of one item: the encoded three-state value and the text exactly as typed."""

    report = models.ForeignKey(Report, models.CASCADE, related_name="values")
    key = models.CharField("项目", max_length=80)
    data = models.JSONField(
        "值", null=True
    )  # nianbao.report.codec plain form: null blank, "无", or the value
    raw = models.TextField("原始输入", blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+")

    class Meta:
        verbose_name = "填报值"
        verbose_name_plural = "填报值"
        constraints = [models.UniqueConstraint(fields=["report", "key"], name="one_value_per_item")]


class Revision(models.Model):
    """A revision of a report: 1 is the first; each correction after publication opens the next."""

    report = models.ForeignKey(Report, models.PROTECT, related_name="revisions")
    number = models.PositiveIntegerField("版本号")
    reason = models.TextField("更正原因", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField("公开时间", null=True, blank=True)
    public_url = models.URLField("公开网址", max_length=300, blank=True)
    # The values as published ({key: plain}), so the public record keeps what was published.
    snapshot = models.JSONField("公开时的数据", null=True, blank=True)

    class Meta:
        ordering = ["report", "number"]
        verbose_name = "修订版本"
        verbose_name_plural = "修订版本"
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="one_revision_number")]


class ValueChange(models.Model):
    """One change of one item's value: who, when, old → new, and why. Never updated or deleted."""

    report = models.ForeignKey(Report, models.PROTECT, related_name="changes")
    revision = models.PositiveIntegerField("修订版本")
    lock_version = models.PositiveIntegerField("编辑版本")
    key = models.CharField("项目", max_length=80)
    old_data = models.JSONField("原值", null=True)
    old_raw = models.TextField("原输入", blank=True)
    new_data = models.JSONField("新值", null=True)
    new_raw = models.TextField("新输入", blank=True)
    reason = models.TextField("原因", blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+")
    at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = "修改记录"
        verbose_name_plural = "修改记录"
        indexes = [models.Index(fields=["report", "lock_version"])]


class Transition(models.Model):
    """One workflow step taken on a report. Never updated or deleted."""

    report = models.ForeignKey(Report, models.PROTECT, related_name="transitions")
    action = models.CharField("操作", max_length=20)
    from_state = models.CharField("原状态", max_length=12, choices=State.choices)
    to_state = models.CharField("新状态", max_length=12, choices=State.choices)
    revision = models.PositiveIntegerField("修订版本")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+")
    reason = models.TextField("说明", blank=True)
    detail = models.JSONField("详情", default=dict, blank=True)
    at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = "流转记录"
        verbose_name_plural = "流转记录"


class ItemComment(models.Model):
    """A return reason attached to one item, so the 填报人 sees exactly what to fix."""

    report = models.ForeignKey(Report, models.CASCADE, related_name="comments")
    transition = models.ForeignKey(Transition, models.PROTECT, related_name="comments")
    key = models.CharField("项目", max_length=80)
    text = models.TextField("意见")
    resolved = models.BooleanField("已处理", default=False)

    class Meta:
        ordering = ["id"]
        verbose_name = "逐项意见"
        verbose_name_plural = "逐项意见"


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"attachments/{instance.report_id}/{instance.sha256}.{instance.extension}"


class Attachment(models.Model):
    """The stamped scan of the report (PDF/JPG/PNG), checked by content when uploaded."""

    report = models.ForeignKey(Report, models.PROTECT, related_name="attachments")
    file = models.FileField(upload_to=attachment_path)
    original_name = models.CharField("文件名", max_length=200)
    content_type = models.CharField(max_length=50)
    extension = models.CharField(max_length=5)
    size = models.PositiveIntegerField("大小")
    sha256 = models.CharField(max_length=64)
    revision = models.PositiveIntegerField("修订版本")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = "盖章扫描件"
        verbose_name_plural = "盖章扫描件"
