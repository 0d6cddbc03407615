import datetime as dt

import pytest
from django.db import connection

from nianbao.web.audit.chain import GENESIS
from nianbao.web.audit.models import AppendOnlyError, AuditRecord
from nianbao.web.audit.service import record, verify

pytestmark = pytest.mark.django_db


def _write(n):
    return [record("test.event", detail={"n": i, "text": "<script>甲</script>"}) for i in range(n)]


def test_each_record_links_to_the_one_before():
    first, second, third = _write(3)
    before = AuditRecord.objects.filter(seq=first.seq - 1).first()
    assert first.prev_hash == (before.hash if before else GENESIS)
    assert second.prev_hash == first.hash
    assert third.prev_hash == second.hash
    assert [r.seq for r in (first, second, third)] == [first.seq, first.seq + 1, first.seq + 2]


def test_the_time_is_time_zone_aware():
    (entry,) = _write(1)
    stored = AuditRecord.objects.get(pk=entry.pk)
    assert stored.at.tzinfo is not None
    assert abs(stored.at - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=1)


def test_an_untouched_chain_verifies():
    _write(5)
    result = verify()
    assert result.ok, result.problems
    assert result.checked >= 5


def test_a_row_changed_with_raw_sql_is_named():
    records = _write(4)
    target = records[2]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditrecord DISABLE TRIGGER nianbao_audit_append_only")
        cursor.execute("UPDATE audit_auditrecord SET username = %s WHERE seq = %s", ["mallory", target.seq])
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditrecord ENABLE TRIGGER nianbao_audit_append_only")
    result = verify()
    assert not result.ok
    assert [p.seq for p in result.problems] == [target.seq]
    assert f"#{target.seq}" in result.problems[0].message


def test_a_row_rehashed_after_a_change_breaks_the_next_link():
    records = _write(4)
    target = records[1]
    forged = AuditRecord.objects.get(pk=target.pk)
    forged.action = "test.forged"
    from nianbao.web.audit.chain import link

    new_hash = link(forged.chained_fields())
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditrecord DISABLE TRIGGER nianbao_audit_append_only")
        cursor.execute(
            "UPDATE audit_auditrecord SET action = %s, hash = %s WHERE seq = %s",
            ["test.forged", new_hash, target.seq],
        )
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditrecord ENABLE TRIGGER nianbao_audit_append_only")
    result = verify()
    assert [p.seq for p in result.problems] == [records[2].seq]


def test_a_deleted_row_is_named():
    records = _write(4)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditrecord DISABLE TRIGGER nianbao_audit_append_only")
        cursor.execute("DELETE FROM audit_auditrecord WHERE seq = %s", [records[1].seq])
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditrecord ENABLE TRIGGER nianbao_audit_append_only")
    result = verify()
    assert not result.ok
    assert {p.seq for p in result.problems} == {records[2].seq}


def test_the_application_cannot_change_a_record():
    (entry,) = _write(1)
    entry.action = "test.changed"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        AuditRecord.objects.filter(pk=entry.pk).update(action="test.changed")
    assert AuditRecord.objects.get(pk=entry.pk).action == "test.event"


def test_the_application_cannot_delete_a_record():
    (entry,) = _write(1)
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditRecord.objects.filter(pk=entry.pk).delete()
    with pytest.raises(AppendOnlyError):
        AuditRecord.objects.all().delete()
    assert AuditRecord.objects.filter(pk=entry.pk).exists()
