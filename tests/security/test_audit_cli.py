import pytest
from click.testing import CliRunner
from django.db import connection

from nianbao.cli.main import cli
from nianbao.web.audit.service import record

pytestmark = pytest.mark.django_db


def test_verify_reports_an_intact_chain():
    for i in range(3):
        record("test.cli", detail={"i": i})
    result = CliRunner().invoke(cli, ["audit", "verify"])
    assert result.exit_code == 0, result.output
    assert "审计记录完好" in result.output


def test_verify_names_a_record_changed_behind_the_applications_back():
    entries = [record("test.cli", detail={"i": i}) for i in range(3)]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditrecord DISABLE TRIGGER nianbao_audit_append_only")
        cursor.execute("UPDATE audit_auditrecord SET outcome = 'failed' WHERE seq = %s", [entries[1].seq])
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditrecord ENABLE TRIGGER nianbao_audit_append_only")
    result = CliRunner().invoke(cli, ["audit", "verify"])
    assert result.exit_code == 1
    assert f"记录 #{entries[1].seq} 的内容被改动" in result.output


def test_purge_refuses_a_recent_date():
    result = CliRunner().invoke(cli, ["audit", "purge", "--before", "2999-01-01"])
    assert result.exit_code == 1
    assert "网络安全法" in result.output
