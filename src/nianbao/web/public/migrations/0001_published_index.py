"""Index the published reports for the public list (newest first): a partial index on reporting_report.

Kept in the public app because only the public column needs it; the table itself is the reporting app's.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("reporting", "0001_initial")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX public_published_report ON reporting_report (published_at, id) "
            "WHERE published_at IS NOT NULL",
            reverse_sql="DROP INDEX public_published_report",
        )
    ]
