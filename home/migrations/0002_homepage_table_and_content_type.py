"""The moved HomePage gets home's own table name, and its content type row changes app label
(courses -> home): Wagtail pages, revisions and permissions point at that row by id, so the
existing home page is a home.HomePage afterwards and every permission on it follows."""

from django.db import migrations


def _move_content_type(apps, schema_editor, *, source: str, target: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    db = schema_editor.connection.alias
    moving = ContentType.objects.using(db).filter(app_label=source, model="homepage").first()
    if moving is None:
        return  # a fresh database: post_migrate creates the content type under its new app
    stale = ContentType.objects.using(db).filter(app_label=target, model="homepage").first()
    if stale is not None:
        # A run stopped between home 0001 and here let post_migrate create a second row; pages
        # (if any) move to the row the tree already uses, then the duplicate and its permissions go.
        Page.objects.using(db).filter(content_type=stale).update(content_type=moving)
        stale.delete()
    moving.app_label = target
    moving.save(update_fields=["app_label"])
    from django.contrib.contenttypes.models import ContentType as LiveContentType

    LiveContentType.objects.clear_cache()  # the cache would keep answering with the old label


def content_type_to_home(apps, schema_editor):
    _move_content_type(apps, schema_editor, source="courses", target="home")


def content_type_to_courses(apps, schema_editor):
    _move_content_type(apps, schema_editor, source="home", target="courses")


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("courses", "0004_move_homepage_to_home"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [
        migrations.AlterModelTable(name="homepage", table=None),
        migrations.RunPython(content_type_to_home, content_type_to_courses),
    ]
