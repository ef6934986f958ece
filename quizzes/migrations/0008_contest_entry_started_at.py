"""ContestEntry.started_at: papers are now built before the start and stamped at it. Entries that
already have an attempt started it when it was created, so they get that attempt's start time."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def stamp_existing_starts(apps, schema_editor):
    ContestEntry = apps.get_model("quizzes", "ContestEntry")
    Attempt = apps.get_model("quizzes", "Attempt")
    ContestEntry.objects.filter(attempt__isnull=False, started_at__isnull=True).update(
        started_at=Subquery(
            Attempt.objects.filter(pk=OuterRef("attempt_id")).values("started_at")[:1]
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("quizzes", "0007_competence_listing_order"),
    ]

    operations = [
        migrations.AddField(
            model_name="contestentry",
            name="started_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="started at"),
        ),
        migrations.RunPython(stamp_existing_starts, migrations.RunPython.noop),
    ]
