"""HomePage moves here from courses: the model enters home's state on the table courses created
(courses_homepage); no SQL runs. courses 0004 then drops it from courses' state, and 0002 renames
the table and moves the content type, so the existing home page rows and their tree are kept."""

import django.db.models.deletion
import wagtail.fields
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("courses", "0001_initial"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="HomePage",
                    fields=[
                        (
                            "page_ptr",
                            models.OneToOneField(
                                auto_created=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                parent_link=True,
                                primary_key=True,
                                serialize=False,
                                to="wagtailcore.page",
                            ),
                        ),
                        (
                            "intro",
                            models.CharField(
                                blank=True, max_length=300, verbose_name="introduction"
                            ),
                        ),
                        ("body", wagtail.fields.RichTextField(blank=True, verbose_name="body")),
                    ],
                    options={
                        "verbose_name": "home page",
                        "verbose_name_plural": "home pages",
                        "db_table": "courses_homepage",
                    },
                    bases=("wagtailcore.page",),
                ),
            ],
            database_operations=[],
        ),
    ]
