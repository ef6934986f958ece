"""Test-pass certificates belong to the test passed ("assessment:<id>"), no longer to one attempt
("attempt-result:<id>"), so the one-live-certificate constraint covers passing again. Existing
keys are rewritten; where someone already holds two live certificates of one test, the oldest
takes the new key and the others keep theirs (revoking them is a person's decision)."""

from django.db import migrations


def forwards(apps, schema_editor):
    Certificate = apps.get_model("certificates", "Certificate")
    Result = apps.get_model("quizzes", "Result")
    certificates = Certificate.objects.filter(
        kind="assessment_pass", achievement_key__startswith="attempt-result:"
    ).order_by("issued_at", "pk")
    result_ids = {int(c.achievement_key.split(":", 1)[1]) for c in certificates}
    assessment_of = dict(
        Result.objects.filter(pk__in=result_ids).values_list("pk", "assessment_id")
    )
    taken = set(
        Certificate.objects.filter(kind="assessment_pass", achievement_key__startswith="assessment:")
        .exclude(status="revoked")
        .values_list("holder_id", "achievement_key")
    )
    for certificate in certificates:
        assessment_id = assessment_of.get(int(certificate.achievement_key.split(":", 1)[1]))
        if assessment_id is None:
            continue
        key = f"assessment:{assessment_id}"
        live = certificate.status != "revoked"
        if live and (certificate.holder_id, key) in taken:
            continue
        if live:
            taken.add((certificate.holder_id, key))
        Certificate.objects.filter(pk=certificate.pk).update(achievement_key=key)


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0002_private_unguessable_files"),
        ("quizzes", "0004_contests"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
