"""Write, verify and purge the audit trail. Every write goes through record()."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.db.models import Model
from django.http import HttpRequest
from django.utils import timezone

from nianbao.web.audit.chain import GENESIS, link, plain_json
from nianbao.web.audit.context import acting_user, client_address, current_request
from nianbao.web.audit.models import AuditRecord, ChainHead, Outcome, PurgeCheckpoint

# Writers append in turn because the database makes them: the chain head's row lock on PostgreSQL, the single
# writer (BEGIN IMMEDIATE) on SQLite. No lock in the process as well: a thread already inside a transaction
# holds the database's lock and would wait for the process lock held by a thread waiting for the database's.

RETENTION_MONTHS = 6  # 网络安全法 第二十一条：网络日志留存不少于六个月


def record(
    action: str,
    *,
    user: Any = None,
    request: HttpRequest | None = None,
    obj: Model | None = None,
    outcome: str = Outcome.OK,
    detail: dict[str, Any] | None = None,
) -> AuditRecord:
    """Append one record to the chain: who did `action` to `obj`, from where, with what outcome."""
    request = request if request is not None else current_request()
    if user is None:
        user = acting_user(request)
    values: dict[str, Any] = {
        "user_id": user.pk if user is not None else None,
        "username": user.get_username() if user is not None else "",
        "action": action,
        "outcome": str(outcome),
        "client_ip": client_address(request),
        "object_type": f"{obj._meta.app_label}.{obj._meta.model_name}" if obj is not None else "",
        "object_id": str(obj.pk) if obj is not None and obj.pk is not None else "",
        "detail": plain_json(detail or {}),
    }
    with transaction.atomic():
        head = _locked_head()
        entry = AuditRecord(seq=head.last_seq + 1, at=timezone.now(), prev_hash=head.last_hash, **values)
        entry.hash = link(entry.chained_fields())
        entry.save(force_insert=True)
        head.last_seq, head.last_hash = entry.seq, entry.hash
        head.save(update_fields=["last_seq", "last_hash"])
    return entry


def _locked_head() -> ChainHead:
    head = ChainHead.objects.select_for_update().filter(pk=1).first()
    if head is not None:
        return head
    # First record ever (or after a test flush): start from the last record left, if any.
    last = AuditRecord.objects.order_by("-seq").first()
    head, _ = ChainHead.objects.get_or_create(
        pk=1,
        defaults={
            "last_seq": last.seq if last else 0,
            "last_hash": last.hash if last else _start_hash(),
        },
    )
    return ChainHead.objects.select_for_update().get(pk=1)


def _start_hash() -> str:
    checkpoint = PurgeCheckpoint.objects.order_by("-up_to_seq").first()
    return checkpoint.last_hash if checkpoint else GENESIS


@dataclass(frozen=True)
class Problem:
    seq: int
    message: str


@dataclass
class Verification:
    checked: int = 0
    problems: list[Problem] = field(default_factory=list)
    last_hash: str = GENESIS

    @property
    def ok(self) -> bool:
        return not self.problems


def verify() -> Verification:
    """Walk the chain from its start and name every record that is not what was written."""
    result = Verification()
    checkpoint = PurgeCheckpoint.objects.order_by("-up_to_seq").first()
    expected_prev = checkpoint.last_hash if checkpoint else GENESIS
    expected_seq = checkpoint.up_to_seq + 1 if checkpoint else 1
    for entry in _records():
        result.checked += 1
        if entry.seq != expected_seq:
            result.problems.append(
                Problem(entry.seq, f"序号 {expected_seq}–{entry.seq - 1} 的记录缺失（被删除）")
            )
        if entry.prev_hash != expected_prev:
            result.problems.append(
                Problem(entry.seq, f"记录 #{entry.seq} 与前一条记录的链接断开（前一条被改动、删除或插入）")
            )
        if link(entry.chained_fields()) != entry.hash:
            result.problems.append(Problem(entry.seq, f"记录 #{entry.seq} 的内容被改动（哈希不符）"))
        expected_prev, expected_seq = entry.hash, entry.seq + 1
    head = ChainHead.objects.filter(pk=1).first()
    if head is not None and (head.last_seq, head.last_hash) != (expected_seq - 1, expected_prev):
        result.problems.append(
            Problem(
                head.last_seq,
                f"链头指向 #{head.last_seq}，但最后一条记录是 #{expected_seq - 1}（末尾记录被删除）",
            )
        )
    result.last_hash = expected_prev
    return result


def _records() -> Iterator[AuditRecord]:
    return AuditRecord.objects.order_by("seq").iterator(chunk_size=2000)


class PurgeRefused(ValueError):
    """A purge asked to remove records younger than the legal retention period."""


def retention_cutoff(now: dt.datetime | None = None) -> dt.datetime:
    """Return the moment six calendar months before `now`: records from then on must be kept."""
    now = now or timezone.now()
    month = now.month - RETENTION_MONTHS
    year = now.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    day = min(now.day, _days_in_month(year, month))
    return now.replace(year=year, month=month, day=day)


def _days_in_month(year: int, month: int) -> int:
    following = dt.date(year + (month == 12), month % 12 + 1, 1)
    return (following - dt.timedelta(days=1)).day


def purge(before: dt.datetime) -> int:
    """Remove the records written before `before`, which must be at least six months ago; return how many."""
    cutoff = retention_cutoff()
    if before > cutoff:
        raise PurgeRefused(
            f"只能清理 {cutoff:%Y-%m-%d %H:%M} 之前的审计记录："
            "网络日志须留存不少于六个月（网络安全法第二十一条）"
        )
    with transaction.atomic():
        _locked_head()
        last = AuditRecord.objects.filter(at__lt=before).order_by("-seq").first()
        if last is None:
            return 0
        if AuditRecord.objects.filter(seq__lte=last.seq, at__gte=before).exists():
            raise PurgeRefused("待清理范围内有晚于清理时点的记录，拒绝清理（时钟可能被调整过）")
        table = AuditRecord._meta.db_table
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # The append-only trigger lets a DELETE through only inside this transaction.
                cursor.execute("SET LOCAL nianbao.audit_purge = 'on'")
            cursor.execute(f"DELETE FROM {table} WHERE seq <= %s", [last.seq])
            removed = cursor.rowcount
        PurgeCheckpoint.objects.create(
            at=timezone.now(), up_to_seq=last.seq, last_hash=last.hash, removed=removed
        )
    record(
        "audit.purge",
        detail={"before": before.isoformat(), "up_to_seq": last.seq, "removed": removed},
    )
    return removed
