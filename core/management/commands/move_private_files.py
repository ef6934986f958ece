"""python manage.py move_private_files [--dry-run] — for installs upgraded from before private
storage: move every file of a private FileField (and old team exports) out of MEDIA_ROOT into the
private storage, under a new unguessable name. Idempotent: a file already in the private storage
is left alone, so the command can be run again after an interruption."""

import posixpath

from django.apps import apps
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.db import models, transaction
from django.utils.translation import gettext as _

from core.storage import private_storage

# Folders of MEDIA_ROOT that held private files saved without a model field: team exports
# (dashboards) were saved with default_storage under already random names, kept as they are.
LOOSE_FOLDERS = ("exports",)


def _private_fields():
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField) and field.storage is private_storage():
                yield model, field


def _walk(storage, folder: str):
    try:
        folders, files = storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in files:
        yield posixpath.join(folder, name)
    for sub in folders:
        yield from _walk(storage, posixpath.join(folder, sub))


class Command(BaseCommand):
    help = "Move private files (certificates, attachments, imports, exports) out of MEDIA_ROOT."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only say what would move.")

    def handle(self, *args, dry_run=False, **options):
        private = private_storage()
        moved = missing = 0
        for model, field in _private_fields():
            rows = model._default_manager.exclude(**{field.name: ""}).only("pk", field.name)
            for row in rows.iterator():
                name = getattr(row, field.attname).name
                if private.exists(name):
                    continue  # moved already (or saved there in the first place)
                if not default_storage.exists(name):
                    missing += 1
                    self.stderr.write(_("Missing, not moved: %(name)s") % {"name": name})
                    continue
                moved += 1
                if dry_run:
                    self.stdout.write(f"{model._meta.label}.{field.name} {row.pk}: {name}")
                    continue
                with default_storage.open(name, "rb") as handle:
                    new_name = private.save(
                        field.generate_filename(row, posixpath.basename(name)), handle
                    )
                with transaction.atomic():
                    model._default_manager.filter(pk=row.pk).update(**{field.attname: new_name})
                default_storage.delete(name)
        for folder in LOOSE_FOLDERS:
            for name in list(_walk(default_storage, folder)):
                moved += 1
                if dry_run:
                    self.stdout.write(name)
                    continue
                if not private.exists(name):
                    with default_storage.open(name, "rb") as handle:
                        private.save(name, handle)
                default_storage.delete(name)
        if dry_run:
            summary = _("%(count)s private files would be moved; %(missing)s are missing.")
        else:
            summary = _("%(count)s private files moved; %(missing)s are missing.")
        self.stdout.write(summary % {"count": moved, "missing": missing})
