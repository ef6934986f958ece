"""Load the default competency framework from quizzes/data/default_framework.json."""

from django.db import migrations


def load(apps, schema_editor):
    from quizzes.framework_loader import load_framework_data, read_framework_file

    load_framework_data(
        read_framework_file(),
        Framework=apps.get_model("quizzes", "Framework"),
        Area=apps.get_model("quizzes", "Area"),
        Competence=apps.get_model("quizzes", "Competence"),
        Level=apps.get_model("quizzes", "Level"),
    )


class Migration(migrations.Migration):
    dependencies = [("quizzes", "0002_finished_attempts_are_immutable")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
