"""Write, verify and purge the audit trail. Every write goes through record()."""

from __future__ import annotations

import datetime as dt
import hashlib
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

PURGE_ACTION = "audit.purge"
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
    last_seq: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def verify() -> Verification:
    """Walk the chain from its start and name every record that is not what was written."""
    result = Verification()
    checkpoint = PurgeCheckpoint.objects.order_by("-up_to_seq").first()
    expected_prev = checkpoint.last_hash if checkpoint else GENESIS
    expected_seq = checkpoint.up_to_seq + 1 if checkpoint else 1
    first_kept: AuditRecord | None = None
    purges: list[AuditRecord] = []
    for entry in _records():
        result.checked += 1
        first_kept = first_kept or entry
        if entry.action == PURGE_ACTION:
            purges.append(entry)
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
    if checkpoint is not None:
        result.problems.extend(_checkpoint_problems(checkpoint, purges, first_kept))
    result.last_hash = expected_prev
    result.last_seq = expected_seq - 1
    return result


def _checkpoint_problems(
    checkpoint: PurgeCheckpoint, purges: list[AuditRecord], first_kept: AuditRecord | None
) -> list[Problem]:
    """Check the checkpoint the chain starts from against the chained record its purge wrote.

    A checkpoint row alone proves nothing (anyone with write access to the database can insert one and
    delete the records before it); the audit.purge record is part of the hash chain, after the cut, and
    says what was removed, when, and how old the newest removed record was.
    """
    where = f"清理点（至 #{checkpoint.up_to_seq}）"
    made = next(
        (
            p
            for p in purges
            if p.detail.get("up_to_seq") == checkpoint.up_to_seq
            and p.detail.get("last_hash") == checkpoint.last_hash
            and p.detail.get("removed") == checkpoint.removed
        ),
        None,
    )
    if made is None:
        return [
            Problem(
                checkpoint.up_to_seq,
                f"{where}在哈希链中没有对应的清理记录（audit.purge），不是由 nianbao audit purge 生成的："
                f"序号 #{checkpoint.up_to_seq} 及以前的记录可能被直接从数据库删除",
            )
        ]
    problems = []
    newest_removed = _parse_time(made.detail.get("newest_removed_at"))
    if newest_removed is None or newest_removed > retention_cutoff(made.at):
        problems.append(
            Problem(
                made.seq,
                f"{where}删除了不满六个月的记录（清理于 {made.at:%Y-%m-%d}，被删除的最新记录写于 "
                f"{newest_removed:%Y-%m-%d}）：网络日志须留存不少于六个月（网络安全法第二十一条）"
                if newest_removed is not None
                else f"{where}的清理记录 #{made.seq} 缺少被删除记录的时间，无法确认其已满六个月",
            )
        )
    if first_kept is not None and newest_removed is not None and first_kept.at < newest_removed:
        problems.append(
            Problem(first_kept.seq, f"{where}之后的第一条记录 #{first_kept.seq} 早于被删除的记录")
        )
    return problems


@dataclass(frozen=True)
class Anchor:
    """A record's sequence number, hash and time, copied out of the system (see docs/security.md)."""

    seq: int
    hash: str
    at: dt.datetime

    def line(self) -> str:
        return f"{self.seq} {self.hash} {self.at.astimezone(dt.UTC).isoformat()}"

    @classmethod
    def parse(cls, line: str) -> Anchor:
        """Read one line written by `line()`; ValueError (Chinese) when it is not one."""
        parts = line.split()
        at = _parse_time(parts[2]) if len(parts) == 3 else None
        if len(parts) != 3 or not parts[0].isdigit() or len(parts[1]) != 64 or at is None:
            raise ValueError(
                f"锚点应为“序号 哈希 时间”三项（nianbao audit verify 输出的那一行），实际为“{line}”"
            )
        return cls(int(parts[0]), parts[1], at)


def tail_anchor() -> Anchor | None:
    """Return the anchor of the newest record, to copy off-site; None when there is no record."""
    last = AuditRecord.objects.order_by("-seq").first()
    return Anchor(last.seq, last.hash, last.at) if last else None


def check_anchors(anchors: list[Anchor]) -> list[Problem]:
    """Check anchors copied off-site earlier: each record must still be there, unchanged, or have been
    removed by a purge made at least six months after it was written.

    This is what catches a rewritten chain: whoever can write to the database can forge records,
    checkpoints and purge records alike, but not the anchors kept outside the system.
    """
    problems = []
    purges = list(AuditRecord.objects.filter(action=PURGE_ACTION).order_by("seq"))
    for anchor in anchors:
        entry = AuditRecord.objects.filter(seq=anchor.seq).first()
        if entry is not None:
            if entry.hash != anchor.hash:
                problems.append(
                    Problem(anchor.seq, f"记录 #{anchor.seq} 的哈希与系统外保存的锚点不符（链被改写）")
                )
            continue
        covering = [p for p in purges if int(p.detail.get("up_to_seq", 0)) >= anchor.seq]
        if not covering:
            problems.append(
                Problem(anchor.seq, f"锚点记录 #{anchor.seq} 不在链中，也没有任何清理覆盖它（被删除）")
            )
        elif retention_cutoff(covering[0].at) < anchor.at:
            problems.append(
                Problem(
                    anchor.seq,
                    f"锚点记录 #{anchor.seq}（写于 {anchor.at:%Y-%m-%d}）"
                    f"在 {covering[0].at:%Y-%m-%d} 被清理，"
                    "不满六个月：清理记录是伪造的，或链被改写",
                )
            )
    return problems


def _parse_time(text: Any) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(str(text))
    except ValueError:
        return None


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


def purge(before: dt.datetime, operator: str = "") -> int:
    """Remove the records written before `before`, which must be at least six months ago; return how many.

    The purge is itself a record of the chain (audit.purge), written in the same transaction as the
    checkpoint: who (`operator`, the person at the command line), when, how many, up to which record,
    the hash of the removed range and the time of its newest record. `verify` accepts a checkpoint only
    with that record.
    """
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
        first_seq = (
            AuditRecord.objects.filter(seq__lte=last.seq).order_by("seq").values_list("seq", flat=True)[0]
        )
        range_hash = _range_hash(last.seq)
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
            PURGE_ACTION,
            detail={
                "operator": operator,
                "before": before.isoformat(),
                "from_seq": first_seq,
                "up_to_seq": last.seq,
                "removed": removed,
                "last_hash": last.hash,
                "range_sha256": range_hash,
                "newest_removed_at": last.at.astimezone(dt.UTC).isoformat(),
            },
        )
    return removed


def _range_hash(up_to_seq: int) -> str:
    """SHA-256 over the hashes of the records up to `up_to_seq`, in order: what the purge removes."""
    digest = hashlib.sha256()
    rows = AuditRecord.objects.filter(seq__lte=up_to_seq).order_by("seq").values_list("hash", flat=True)
    for value in rows.iterator(chunk_size=5000):
        digest.update(value.encode("ascii"))
    return digest.hexdigest()
