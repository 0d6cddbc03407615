"""The database itself refuses changes to audit records (PostgreSQL: scripts/test's second pass)."""

import datetime as dt

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from nianbao.web.audit.service import purge, record

from .trail import empty_trail

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="the trigger exists on PostgreSQL only"),
]


def _raw(sql, params):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_the_database_refuses_an_update():
    entry = record("test.trigger")
    with pytest.raises(DatabaseError, match="append-only"):
        _raw("UPDATE audit_auditrecord SET action = 'x' WHERE seq = %s", [entry.seq])


def test_the_database_refuses_a_delete():
    entry = record("test.trigger")
    with pytest.raises(DatabaseError, match="append-only"):
        _raw("DELETE FROM audit_auditrecord WHERE seq = %s", [entry.seq])


def test_the_purge_setting_does_not_open_young_records():
    entry = record("test.trigger")
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("SET LOCAL nianbao.audit_purge = 'on'")
        cursor.execute("DELETE FROM audit_auditrecord WHERE seq = %s", [entry.seq])


def test_the_purge_function_passes_the_trigger_for_old_records(monkeypatch):
    empty_trail()
    monkeypatch.setattr(timezone, "now", lambda: dt.datetime.now(dt.UTC) - dt.timedelta(days=300))
    record("test.old")
    monkeypatch.undo()
    assert purge(timezone.now() - dt.timedelta(days=200)) >= 1
