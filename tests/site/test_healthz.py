"""/healthz reports the database and the task queue."""

from datetime import timedelta

import pytest
from django.utils import timezone


@pytest.mark.django_db
def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "ok"
    assert data["database"]["ok"] is True
    assert data["tasks"] == {**data["tasks"], "ok": True, "backend": "DatabaseBackend", "queued": 0}


@pytest.mark.django_db
def test_healthz_reports_a_queue_nobody_works(client, settings):
    from django_tasks_db.models import DBTaskResult

    from people.tasks import run_people_import

    run_people_import.enqueue(import_id=1)
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(hours=1))
    response = client.get("/healthz")
    assert response.status_code == 503
    data = response.json()
    assert data["status"] == "error"
    assert data["tasks"]["queued"] == 1 and data["tasks"]["ok"] is False
    assert data["database"]["ok"] is True


@pytest.mark.django_db
def test_healthz_is_not_cached_and_reveals_no_secrets(client):
    response = client.get("/healthz")
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert "PASSWORD" not in response.content.decode().upper()
