"""/healthz: is the database answering, and is the task queue being worked?"""

from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def _database_status() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:
        return {"ok": False, "vendor": connection.vendor, "error": error.__class__.__name__}
    return {"ok": True, "vendor": connection.vendor}


def _task_queue_status() -> dict:
    from django_tasks import task_backends
    from django_tasks_db.models import DBTaskResult

    try:
        ready = DBTaskResult.objects.ready()
        queued = ready.count()
        oldest = ready.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    except Exception as error:
        return {"ok": False, "error": error.__class__.__name__}
    age = (timezone.now() - oldest).total_seconds() if oldest else 0
    stale = age > settings.TASK_QUEUE_STALE_SECONDS
    return {
        "ok": not stale,
        "backend": task_backends["default"].__class__.__name__,
        "queued": queued,
        "oldest_queued_seconds": round(age),
        **(
            {"error": f"no worker has taken a task for {timedelta(seconds=round(age))}"}
            if stale
            else {}
        ),
    }


@never_cache
@require_GET
def healthz(request):
    database = _database_status()
    tasks = (
        _task_queue_status() if database["ok"] else {"ok": False, "error": "database unavailable"}
    )
    ok = database["ok"] and tasks["ok"]
    return JsonResponse(
        {"status": "ok" if ok else "error", "database": database, "tasks": tasks},
        status=200 if ok else 503,
    )
