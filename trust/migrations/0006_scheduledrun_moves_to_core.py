"""ScheduledRun now belongs to core (core 0001 took its table, rows and content type); trust only
forgets it. Nothing happens in the database."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("trust", "0005_audit_chain_triggers_and_roles"),
        ("core", "0001_scheduledrun_from_trust"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ScheduledRun")],
            database_operations=[],
        ),
    ]
