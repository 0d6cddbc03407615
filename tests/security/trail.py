"""Test helper: an empty audit trail inside the current test's transaction."""

from django.db import connection


def empty_trail() -> None:
    """Start this test's chain from nothing (rolled back with the test): other tests' records are recent."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditrecord DISABLE TRIGGER nianbao_audit_append_only")
        cursor.execute("DELETE FROM audit_auditrecord")
        cursor.execute("DELETE FROM audit_chainhead")
        cursor.execute("DELETE FROM audit_purgecheckpoint")
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditrecord ENABLE TRIGGER nianbao_audit_append_only")
