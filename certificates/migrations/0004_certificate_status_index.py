"""Each certificate's place in the published revocation status list (W3C Bitstring Status List),
unique; certificates issued before get a place now, in random order, so revoking them shows."""

import random

from django.db import migrations, models


def backfill(apps, schema_editor):
    Certificate = apps.get_model("certificates", "Certificate")
    pks = list(Certificate.objects.filter(status_index__isnull=True).values_list("pk", flat=True))
    size = 131_072
    indexes = random.SystemRandom().sample(range(max(size, len(pks))), len(pks))
    for pk, index in zip(pks, indexes, strict=True):
        Certificate.objects.filter(pk=pk).update(status_index=index)


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0003_pass_certificate_once_per_test"),
    ]

    operations = [
        migrations.AddField(
            model_name="certificate",
            name="status_index",
            field=models.PositiveIntegerField(
                blank=True, editable=False, null=True, unique=True, verbose_name="status list index"
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
