"""On PostgreSQL, refuse UPDATE and DELETE of audit records in the database itself.

The one exception is nianbao.web.audit.service.purge(), which sets nianbao.audit_purge for its transaction
and may then delete records older than six months (网络安全法 第二十一条). SQLite has no such guard: there the
application's refusal and the hash chain are the controls.
"""

from django.db import migrations

CREATE = r"""
CREATE OR REPLACE FUNCTION nianbao_audit_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE'
       AND current_setting('nianbao.audit_purge', true) = 'on'
       AND OLD.at < now() - interval '6 months' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit records are append-only (% refused on audit record %)', TG_OP, OLD.seq
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS nianbao_audit_append_only ON audit_auditrecord;
CREATE TRIGGER nianbao_audit_append_only
    BEFORE UPDATE OR DELETE ON audit_auditrecord
    FOR EACH ROW EXECUTE FUNCTION nianbao_audit_append_only();
"""

DROP = r"""
DROP TRIGGER IF EXISTS nianbao_audit_append_only ON audit_auditrecord;
DROP FUNCTION IF EXISTS nianbao_audit_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
