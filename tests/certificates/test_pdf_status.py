"""The status endpoint My certificates polls until a PDF (a transcript, a new certificate) is
ready: the owner's only, read-only, and the page wires it up from a static script."""

import pytest
from django.urls import reverse

from tests.factories.certificates import certificate
from tests.factories.people import UserFactory

pytestmark = pytest.mark.django_db


def test_the_status_says_not_ready_until_the_pdf_is_rendered_then_gives_the_link(client, run_tasks):
    cert = certificate()  # no task run: no PDF yet
    client.force_login(cert.holder)
    url = reverse("certificates:pdf_status", args=[cert.pk])
    waiting = client.get(url)
    assert waiting.status_code == 200 and waiting.json()["ready"] is False
    assert waiting.json()["url"] is None

    with run_tasks():
        ready_cert = certificate(holder=cert.holder, title="第二张")
    ready = client.get(reverse("certificates:pdf_status", args=[ready_cert.pk])).json()
    assert ready["ready"] is True
    assert ready["url"] == reverse("certificates:pdf", args=[ready_cert.pk])
    assert ready_cert.serial in ready["label"]


def test_someone_elses_status_is_404_and_a_post_is_refused(client):
    cert = certificate()
    client.force_login(UserFactory())
    assert client.get(reverse("certificates:pdf_status", args=[cert.pk])).status_code == 404
    client.force_login(cert.holder)
    assert client.post(reverse("certificates:pdf_status", args=[cert.pk])).status_code == 405


def test_my_certificates_polls_only_for_pdfs_still_being_prepared(client):
    cert = certificate()
    client.force_login(cert.holder)
    html = client.get(reverse("certificates:mine")).content.decode()
    assert f'data-status-url="{reverse("certificates:pdf_status", args=[cert.pk])}"' in html
    assert "js/certificate-status.js" in html and "<script>" not in html
