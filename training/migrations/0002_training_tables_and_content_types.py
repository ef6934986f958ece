"""The moved models' tables take the training app's names (training_*, the M2M table of
assignment units too), and their content types move from courses to training, so permissions,
group grants and admin log entries that point at them follow without being copied."""

from django.db import migrations

MODELS = [
    "annualrequirement",
    "assessmentcreditrule",
    "assignmenttarget",
    "calendarfeedtoken",
    "credithourentry",
    "notice",
    "onsiteattendance",
    "onsitesession",
    "remindersent",
    "trainingassignment",
]


def _move_content_types(apps, from_label: str, to_label: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    for model in MODELS:
        old = ContentType.objects.filter(app_label=from_label, model=model).first()
        if old is None:
            continue  # a fresh database: post_migrate makes the content type under its new app
        stale = ContentType.objects.filter(app_label=to_label, model=model).first()
        if stale is not None:
            # Made by a post_migrate that ran before this migration; the old row carries the
            # grants, so the duplicate and its unused permissions go.
            Permission.objects.filter(content_type=stale).delete()
            stale.delete()
        old.app_label = to_label
        old.save(update_fields=["app_label"])
    from django.contrib.contenttypes.models import ContentType as LiveContentType

    LiveContentType.objects.clear_cache()


def forwards(apps, schema_editor):
    _move_content_types(apps, "courses", "training")


def backwards(apps, schema_editor):
    _move_content_types(apps, "training", "courses")


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("courses", "0005_move_ledger_and_plans_to_training"),
        ("training", "0001_initial"),
    ]

    operations = [
        *[migrations.AlterModelTable(name=model, table=None) for model in MODELS],
        migrations.RunPython(forwards, backwards),
    ]
