"""Background builds of big team exports."""

import tempfile
import uuid

from django.core.files import File
from django_tasks import task

from core.replicas import replica_reads
from core.storage import private_storage


@task()
def build_team_export(*, viewer_id: int, kind: str, params: dict, fmt: str) -> str:
    """Build an export for the viewer's scope as it is when the task runs; returns the stored
    file name (under a random name nobody can guess, in the private storage: only the viewer's
    export_download hands it out)."""
    from people.models import User

    from .exports import export_rows, stream

    viewer = User.objects.get(pk=viewer_id)
    name = f"exports/team/{uuid.uuid4().hex}.{fmt}"
    # Rows are read a chunk at a time (from the replica, when there is one) and the file spooled
    # on the worker's disk, never held whole in memory; only the stored file outlives the task.
    with tempfile.TemporaryFile() as spool:
        with replica_reads():
            header, rows = export_rows(viewer=viewer, kind=kind, params=params)
            for piece in stream(header, rows, fmt, kind=kind):
                spool.write(piece)
        spool.seek(0)
        return private_storage().save(name, File(spool, name=name))
