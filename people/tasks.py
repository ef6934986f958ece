"""Background tasks of the people app."""

from django_tasks import task


@task()
def run_people_import(*, import_id: int) -> None:
    """Validate and apply an uploaded HR sheet."""
    from .services import people_import_execute

    people_import_execute(import_id=import_id)
