"""Background tasks of the certificates app: PDF rendering, bulk issue, ZIPs, expiry sweep."""

from django_tasks import task


@task()
def render_certificate_pdf(*, certificate_id: int) -> None:
    """Render a newly issued certificate's PDF (queued on commit by the issue service)."""
    from .services import certificate_pdf_render

    certificate_pdf_render(certificate_id=certificate_id)


@task()
def run_bulk_issue(*, bulk_id: int) -> None:
    """Issue certificates to everyone who earned them on a course or test, counting progress."""
    from .services import bulk_issue_run

    bulk_issue_run(bulk_id=bulk_id)


@task()
def build_bulk_archive(*, bulk_id: int) -> None:
    """Build the ZIP of a bulk issue's PDFs."""
    from .services import bulk_issue_archive_build

    bulk_issue_archive_build(bulk_id=bulk_id)


@task()
def expire_certificates() -> int:
    """The nightly sweep: write `expired` on certificates past their expiry date."""
    from .services import certificates_mark_expired

    return certificates_mark_expired()
