"""Background builds of big team exports."""

import uuid

from django.core.files.base import ContentFile
from django_tasks import task

from core.storage import private_storage


@task()
def build_team_export(*, viewer_id: int, kind: str, params: dict, fmt: str) -> str:
    """Build an export for the viewer's scope as it is when the task runs; returns the stored
    file name (under a random name nobody can guess, in the private storage: only the viewer's
    export_download hands it out)."""
    from people.models import User

    from .exports import export_rows, render

    viewer = User.objects.get(pk=viewer_id)
    header, rows = export_rows(viewer=viewer, kind=kind, params=params)
    name = f"exports/team/{uuid.uuid4().hex}.{fmt}"
    return private_storage().save(name, ContentFile(render(header, rows, fmt, kind=kind)))
