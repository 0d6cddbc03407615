"""Finding 6: a forged purge checkpoint hid deleted audit records.

With write access to the database, inserting a checkpoint at sequence 400 with that record's hash and
deleting records 1–400 left `nianbao audit verify` reporting the log intact, with the tail hash unchanged,
so copying the tail hash off-site did not catch it either. Now a purge is itself a chained record that
verify requires; verify refuses a purge of records younger than six months; and anchors kept off-site
(each a record's sequence, hash and time) catch even a forger who also writes a purge record.
"""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner
from django.db import connection
from django.utils import timezone

from nianbao.cli.main import cli
from nianbao.web.audit.chain import link
from nianbao.web.audit.models import AuditRecord, ChainHead, PurgeCheckpoint
from nianbao.web.audit.service import Anchor, check_anchors, purge, record, tail_anchor, verify

from .trail import empty_trail

pytestmark = pytest.mark.django_db


def _trail(n: int) -> list[AuditRecord]:
    empty_trail()
    return [record("test.activity", detail={"i": i}) for i in range(n)]


def _sql(statement: str, params=()) -> None:
    """Act on the database directly, as the attacker with write access does."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditrecord DISABLE TRIGGER nianbao_audit_append_only")
        cursor.execute(statement, params)
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditrecord ENABLE TRIGGER nianbao_audit_append_only")


def _forge_checkpoint(entries: list[AuditRecord], up_to: int) -> None:
    """Exactly the tampering of the finding: a checkpoint row at `up_to`, records 1..up_to deleted."""
    PurgeCheckpoint.objects.create(
        at=timezone.now(), up_to_seq=up_to, last_hash=entries[up_to - 1].hash, removed=up_to
    )
    _sql("DELETE FROM audit_auditrecord WHERE seq <= %s", [up_to])


def test_the_exact_tampering_is_reported(tmp_path):
    entries = _trail(500)
    tail_before = verify().last_hash
    _forge_checkpoint(entries, 400)
    result = verify()
    assert result.last_hash == tail_before  # why the off-site tail hash alone did not catch it
    assert not result.ok
    assert any("不是由 nianbao audit purge 生成" in p.message for p in result.problems)
    cli_result = CliRunner().invoke(cli, ["audit", "verify"])
    assert cli_result.exit_code == 1 and "清理点（至 #400）" in cli_result.output


def _forge_purge_record(entries: list[AuditRecord], up_to: int, newest_removed_at: dt.datetime) -> None:
    """The better-informed attacker also appends an audit.purge record, hashed into the chain."""
    head = ChainHead.objects.get(pk=1)
    forged = AuditRecord(
        seq=head.last_seq + 1,
        at=timezone.now(),
        action="audit.purge",
        prev_hash=head.last_hash,
        detail={
            "up_to_seq": up_to,
            "removed": up_to,
            "last_hash": entries[up_to - 1].hash,
            "newest_removed_at": newest_removed_at.isoformat(),
        },
    )
    forged.hash = link(forged.chained_fields())
    forged.save(force_insert=True)
    ChainHead.objects.filter(pk=1).update(last_seq=forged.seq, last_hash=forged.hash)


def test_a_forged_purge_record_of_recent_records_is_refused():
    entries = _trail(50)
    _forge_checkpoint(entries, 40)
    _forge_purge_record(entries, 40, newest_removed_at=timezone.now())
    result = verify()
    assert any("不满六个月" in p.message for p in result.problems), result.problems


def test_the_off_site_anchors_catch_a_forger_who_lies_about_the_age(tmp_path):
    entries = _trail(50)
    # Anchors copied out of the system from time to time (here: after records 10, 30 and 50).
    anchors = [Anchor(e.seq, e.hash, e.at) for e in (entries[9], entries[29], entries[49])]
    _forge_checkpoint(entries, 40)
    _forge_purge_record(entries, 40, newest_removed_at=timezone.now() - dt.timedelta(days=400))
    assert verify().ok  # a complete forgery of the chain's own evidence: only the anchors can tell
    problems = check_anchors(anchors)
    assert {p.seq for p in problems} == {10, 30}
    path = tmp_path / "anchors.txt"
    path.write_text("\n".join(a.line() for a in anchors) + "\n", encoding="utf-8")
    cli_result = CliRunner().invoke(cli, ["audit", "verify", "--anchors", str(path)])
    assert cli_result.exit_code == 1 and "锚点记录 #10" in cli_result.output


def test_a_real_purge_verifies_with_its_anchors(monkeypatch):
    empty_trail()
    old = timezone.now() - dt.timedelta(days=400)
    monkeypatch.setattr(timezone, "now", lambda: old)
    old_entries = [record("test.old", detail={"i": i}) for i in range(5)]
    monkeypatch.undo()
    anchors = [Anchor(old_entries[2].seq, old_entries[2].hash, old_entries[2].at)]
    kept = record("test.kept")
    anchors.append(Anchor(kept.seq, kept.hash, kept.at))
    assert purge(timezone.now() - dt.timedelta(days=200), operator="测试管理员") == 5
    made = AuditRecord.objects.get(action="audit.purge")
    assert made.detail["operator"] == "测试管理员" and made.detail["removed"] == 5
    assert len(made.detail["range_sha256"]) == 64
    result = verify()
    assert result.ok, result.problems
    assert check_anchors(anchors) == []
    assert tail_anchor().seq == made.seq
