import hashlib
import tarfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from django.conf import settings
from django.core.files.base import ContentFile

from nianbao.cli.main import cli
from nianbao.web.audit.models import AuditRecord
from nianbao.web.audit.service import record, verify
from nianbao.web.backup import BackupError, create_backup, restore_backup
from nianbao.web.registry.models import RoleAssignment, User, Website
from nianbao.web.reporting.core import Entry
from nianbao.web.reporting.models import Attachment, Report, ReportValue, Revision, Transition, ValueChange
from nianbao.web.reporting.services import save_values

from . import cast as cast_module

pytestmark = pytest.mark.django_db(transaction=True)

MODELS = (
    User,
    RoleAssignment,
    Website,
    Report,
    ReportValue,
    ValueChange,
    Transition,
    Revision,
    Attachment,
    AuditRecord,
)


def _snapshot():
    tables = {m.__name__: list(m._default_manager.order_by("pk").values()) for m in MODELS}
    media = Path(settings.MEDIA_ROOT)
    files = {
        p.relative_to(media).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in media.rglob("*")
        if p.is_file()
    }
    return tables, files


def _populate():
    cast = cast_module.build()
    report = cast.report_a
    save_values(
        report,
        cast.filler,
        {"info.total": Entry("1,234"), "header.unit": Entry("<script>alert('x')</script>")},
        lock_version=report.lock_version,
    )
    scan = b"%PDF-1.4\n% a stamped scan\n%%EOF\n"
    Attachment.objects.create(
        report=report,
        file=ContentFile(scan, name="scan.pdf"),
        original_name="盖章扫描件.pdf",
        content_type="application/pdf",
        extension="pdf",
        size=len(scan),
        sha256=hashlib.sha256(scan).hexdigest(),
        revision=1,
        uploaded_by=cast.filler,
    )
    record("test.backup", detail={"note": "before the backup"})
    return cast


def test_a_populated_system_round_trips_through_backup_and_restore(tmp_path):
    cast = _populate()
    before = _snapshot()
    assert before[0]["ReportValue"] and before[0]["ValueChange"] and before[1]
    archive = create_backup(tmp_path)

    # Life goes on after the backup: values change, a file goes, new audit records are written.
    report = Report.unscoped.get(pk=cast.report_a.pk)
    save_values(report, cast.filler, {"info.total": Entry("99")}, lock_version=report.lock_version)
    for path in Path(settings.MEDIA_ROOT).rglob("*.pdf"):
        path.unlink()
    record("test.after_backup")
    assert _snapshot() != before

    restored = restore_backup(archive)
    assert _snapshot() == before
    assert restored.audit_records == len(before[0]["AuditRecord"])
    result = verify()
    assert result.ok, result.problems


def test_the_archive_carries_a_manifest_with_checksums(tmp_path):
    _populate()
    archive = create_backup(tmp_path)
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert "manifest.json" in names
    assert any(n.startswith("database/") for n in names)
    assert any(n.startswith("media/attachments/") for n in names)


def test_a_damaged_archive_is_refused_before_anything_is_touched(tmp_path):
    _populate()
    archive = create_backup(tmp_path)
    before = _snapshot()
    unpacked = tmp_path / "x"
    with tarfile.open(archive) as tar:
        tar.extractall(unpacked, filter="data")
    media_file = next((unpacked / "media").rglob("*.pdf"))
    media_file.write_bytes(b"tampered")
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(damaged, "w:gz") as tar:
        for path in sorted(unpacked.rglob("*")):
            if path.is_file():
                tar.add(path, arcname=path.relative_to(unpacked).as_posix())
    with pytest.raises(BackupError, match="校验和不符"):
        restore_backup(damaged)
    assert _snapshot() == before


def test_the_commands_back_up_and_restore(tmp_path):
    _populate()
    runner = CliRunner()
    made = runner.invoke(cli, ["backup", "--out", str(tmp_path)])
    assert made.exit_code == 0, made.output
    (archive,) = tmp_path.glob("nianbao-backup-*.tar.gz")
    back = runner.invoke(cli, ["restore", str(archive), "--yes"])
    assert back.exit_code == 0, back.output
    assert "审计哈希链完好" in back.output
