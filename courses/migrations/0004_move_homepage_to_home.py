"""HomePage now belongs to the home app (home 0001 took it into its state on this app's table):
drop it from courses' state only, so no row of the existing home page is touched."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0003_ledger_and_training_plans"),
        ("home", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="HomePage")],
            database_operations=[],
        ),
    ]
