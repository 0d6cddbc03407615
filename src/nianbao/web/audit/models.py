"""Audit records (append-only, hash-chained), the chain head that serialises writers, purge points."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models


class AppendOnlyError(RuntimeError):
    """Something tried to change or remove an audit record through the application."""


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("审计记录只能追加，不能修改")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("审计记录只能追加，不能删除（过期记录须用 nianbao audit purge 清理）")

    # bulk_update is update() in disguise.
    def bulk_update(self, objs: Any, fields: Any, batch_size: int | None = None) -> int:
        raise AppendOnlyError("审计记录只能追加，不能修改")


class Outcome(models.TextChoices):
    OK = "ok", "成功"
    FAILED = "failed", "失败"
    DENIED = "denied", "拒绝"


class AuditRecord(models.Model):
    """One audited action. Written only by nianbao.web.audit.service.record(); never changed afterwards."""

    seq = models.PositiveBigIntegerField("序号", unique=True)
    at = models.DateTimeField("时间", db_index=True)
    # No foreign key: a record must outlive the account it names and must never be touched by a cascade.
    user_id = models.BigIntegerField("用户编号", null=True, blank=True, db_index=True)
    username = models.CharField("用户名", max_length=150, blank=True)
    action = models.CharField("操作", max_length=40, db_index=True)
    outcome = models.CharField("结果", max_length=10, choices=Outcome.choices, default=Outcome.OK)
    client_ip = models.GenericIPAddressField("客户端地址", null=True, blank=True)
    object_type = models.CharField("对象类型", max_length=60, blank=True)
    object_id = models.CharField("对象编号", max_length=60, blank=True)
    detail = models.JSONField("详情", default=dict, blank=True)
    prev_hash = models.CharField(max_length=64, unique=True)
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["seq"]
        verbose_name = "审计记录"
        verbose_name_plural = "审计记录"
        # No default "change"/"delete" permissions: nobody is ever granted them.
        default_permissions = ("add", "view")

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.username or '-'}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("审计记录只能追加，不能修改")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("审计记录只能追加，不能删除")

    def chained_fields(self) -> dict[str, Any]:
        """Return the fields the hash covers, as plain values."""
        at = self.at.astimezone(dt.UTC).isoformat(timespec="microseconds")
        return {
            "seq": self.seq,
            "at": at,
            "user_id": self.user_id,
            "username": self.username,
            "action": self.action,
            "outcome": self.outcome,
            "client_ip": self.client_ip,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "detail": self.detail,
            "prev_hash": self.prev_hash,
        }


class ChainHead(models.Model):
    """The single row (pk=1) holding the last sequence number and hash; writers lock it to append in turn."""

    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = "审计链头"
        verbose_name_plural = "审计链头"
        default_permissions = ()


class PurgeCheckpoint(models.Model):
    """Where a purge cut the chain: the first kept record must link to `last_hash`."""

    at = models.DateTimeField("清理时间")
    up_to_seq = models.PositiveBigIntegerField("清理至序号")
    last_hash = models.CharField(max_length=64)
    removed = models.PositiveBigIntegerField("删除条数")

    class Meta:
        ordering = ["up_to_seq"]
        verbose_name = "审计清理点"
        verbose_name_plural = "审计清理点"
        default_permissions = ()
