import datetime as dt

import pytest
from django.utils import timezone

from nianbao.web.audit.models import AuditRecord, PurgeCheckpoint
from nianbao.web.audit.service import PurgeRefused, purge, record, retention_cutoff, verify

from .trail import empty_trail

pytestmark = pytest.mark.django_db


def _written_at(moment, monkeypatch, n=1):
    monkeypatch.setattr(timezone, "now", lambda: moment)
    entries = [record("test.old", detail={"i": i}) for i in range(n)]
    monkeypatch.undo()
    return entries


def test_the_cutoff_is_six_calendar_months_back():
    now = dt.datetime(2026, 8, 31, 12, 0, tzinfo=dt.UTC)
    assert retention_cutoff(now) == dt.datetime(2026, 2, 28, 12, 0, tzinfo=dt.UTC)
    assert retention_cutoff(dt.datetime(2026, 3, 15, tzinfo=dt.UTC)) == dt.datetime(
        2025, 9, 15, tzinfo=dt.UTC
    )


def test_records_younger_than_six_months_cannot_be_purged():
    record("test.recent")
    with pytest.raises(PurgeRefused, match="六个月"):
        purge(timezone.now() - dt.timedelta(days=150))
    assert AuditRecord.objects.filter(action="test.recent").exists()


def test_a_purge_that_would_leave_a_gap_is_refused(monkeypatch):
    record("test.recent")  # written now, before the old ones below: they are no longer a prefix
    _written_at(timezone.now() - dt.timedelta(days=400), monkeypatch)
    with pytest.raises(PurgeRefused, match="时钟"):
        purge(timezone.now() - dt.timedelta(days=200))


def test_old_records_are_purged_and_the_chain_still_verifies(monkeypatch):
    empty_trail()
    old = timezone.now() - dt.timedelta(days=400)
    _written_at(old, monkeypatch, n=3)
    kept = record("test.kept")
    removed = purge(timezone.now() - dt.timedelta(days=200))
    assert removed >= 3
    assert not AuditRecord.objects.filter(action="test.old").exists()
    assert AuditRecord.objects.filter(pk=kept.pk).exists()
    assert PurgeCheckpoint.objects.count() == 1
    assert AuditRecord.objects.filter(action="audit.purge").exists()
    result = verify()
    assert result.ok, result.problems
