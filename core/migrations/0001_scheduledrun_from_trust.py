"""ScheduledRun moves from trust to core with its rows: core takes the model into its state over
trust's existing table (nothing is created), renames the table to core_scheduledrun, and moves the
content type so its permissions (and any group holding them) follow. trust 0006 then drops the
model from trust's state only."""

from django.db import migrations, models


def _move_content_type(apps, schema_editor, *, source: str, target: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    types = ContentType.objects.using(schema_editor.connection.alias)
    moving = types.filter(app_label=source, model="scheduledrun").first()
    if moving is None:
        return  # A fresh database: post_migrate creates the content type where the model is.
    # A previous post_migrate may have created an empty twin under the target label; its
    # permissions were never granted to anyone, so it goes and the original keeps its grants.
    types.filter(app_label=target, model="scheduledrun").delete()
    moving.app_label = target
    moving.save(update_fields=["app_label"])


def content_type_to_core(apps, schema_editor):
    _move_content_type(apps, schema_editor, source="trust", target="core")


def content_type_to_trust(apps, schema_editor):
    _move_content_type(apps, schema_editor, source="core", target="trust")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("trust", "0003_scheduled_run"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ScheduledRun",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("job", models.CharField(max_length=64, verbose_name="job")),
                        ("day", models.DateField(verbose_name="day")),
                        ("queued_at", models.DateTimeField(verbose_name="queued at")),
                        (
                            "task_id",
                            models.CharField(blank=True, max_length=64, verbose_name="task id"),
                        ),
                    ],
                    options={
                        "verbose_name": "scheduled run",
                        "verbose_name_plural": "scheduled runs",
                        "ordering": ["-queued_at"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("job", "day"), name="trust_scheduledrun_once_a_day"
                            )
                        ],
                        "db_table": "trust_scheduledrun",
                    },
                ),
            ],
            database_operations=[],
        ),
        # The default name from here on: trust_scheduledrun becomes core_scheduledrun.
        migrations.AlterModelTable(name="scheduledrun", table=None),
        migrations.RunPython(content_type_to_core, content_type_to_trust),
    ]
