"""The daily-job scheduler: once a day per job at its local time, catch-up after downtime, never
twice (database constraint), run for real by the task worker, shown to platform admins."""

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from core.checks import daily_jobs_valid
from core.models import ScheduledRun
from core.scheduler import last_runs, schedule_due_jobs, seconds_to_next_check
from tests.conftest import drain_task_queue

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
JOBS = {
    "expire_certificates": ("certificates.tasks.expire_certificates", "00:20"),
    "escalate_questions": ("qanda.tasks.escalate_questions_daily", "08:00"),
}


def english_admin(user):
    """The Wagtail admin speaks the user's own language, whatever the request's is."""
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=SHANGHAI)


@override_settings(DAILY_JOBS=JOBS, TIME_ZONE="Asia/Shanghai")
def test_each_job_is_queued_once_a_day_at_or_after_its_local_time():
    assert schedule_due_jobs(now=at(24, 0, 10)) == []
    assert schedule_due_jobs(now=at(24, 0, 20)) == ["expire_certificates"]
    assert schedule_due_jobs(now=at(24, 7, 59)) == []
    assert schedule_due_jobs(now=at(24, 8, 0)) == ["escalate_questions"]
    assert schedule_due_jobs(now=at(24, 23, 59)) == []
    assert schedule_due_jobs(now=at(25, 9, 0)) == ["expire_certificates", "escalate_questions"]
    runs = ScheduledRun.objects.order_by("day", "job").values_list("job", "day")
    assert [(job, day.day) for job, day in runs] == [
        ("escalate_questions", 24),
        ("expire_certificates", 24),
        ("escalate_questions", 25),
        ("expire_certificates", 25),
    ]
    assert {job: run.day.day for job, run in last_runs().items()} == {
        "escalate_questions": 25,
        "expire_certificates": 25,
    }
    queued = DBTaskResult.objects.values_list("task_path", flat=True)
    assert sorted(queued) == sorted([path for path, _at in JOBS.values()] * 2)
    assert all(run.task_id for run in ScheduledRun.objects.all())


@override_settings(DAILY_JOBS=JOBS, TIME_ZONE="Asia/Shanghai")
def test_a_scheduler_started_late_catches_up_today_once():
    # The server was off all morning: at 11:00 both of today's runs are queued at once.
    assert schedule_due_jobs(now=at(24, 11)) == ["expire_certificates", "escalate_questions"]
    assert schedule_due_jobs(now=at(24, 11, 1)) == []


@override_settings(DAILY_JOBS=JOBS, TIME_ZONE="Asia/Shanghai")
def test_the_database_refuses_a_second_run_of_a_job_on_the_same_day():
    ScheduledRun.objects.create(job="escalate_questions", day=at(24, 8).date(), queued_at=at(24, 8))
    with pytest.raises(IntegrityError), transaction.atomic():
        ScheduledRun.objects.create(
            job="escalate_questions", day=at(24, 8).date(), queued_at=at(24, 9)
        )
    assert schedule_due_jobs(now=at(24, 9)) == ["expire_certificates"]


@override_settings(DAILY_JOBS=JOBS, TIME_ZONE="Asia/Shanghai")
def test_the_worker_runs_the_queued_jobs_and_admins_see_the_outcome(client, platform_admin):
    schedule_due_jobs(now=at(24, 9))
    drain_task_queue()
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
    client.force_login(english_admin(platform_admin))
    page = client.get(reverse("trust_daily_jobs")).content.decode()
    assert "escalate_questions" in page and "expire_certificates" in page
    assert "Successful" in page and "2026-11-24" in page
    assert "Never" not in page


@override_settings(DAILY_JOBS=JOBS)
def test_the_daily_jobs_page_lists_jobs_that_never_ran_and_learners_are_refused(
    client, platform_admin, learner
):
    client.force_login(english_admin(platform_admin))
    page = client.get(reverse("trust_daily_jobs")).content.decode()
    assert page.count("Never") == 2
    client.force_login(learner)
    assert client.get(reverse("trust_daily_jobs")).status_code == 403


@override_settings(DAILY_JOBS=JOBS, TIME_ZONE="Asia/Shanghai")
def test_run_scheduler_once_queues_what_is_due_and_exits():
    out = StringIO()
    call_command("run_scheduler", once=True, stdout=out)
    # Whatever the clock says now, a second check the same minute queues nothing more.
    first = out.getvalue()
    out = StringIO()
    call_command("run_scheduler", once=True, stdout=out)
    assert out.getvalue() == ""
    assert first.count("Queued") == ScheduledRun.objects.count()


def test_the_shipped_jobs_name_real_tasks():
    assert daily_jobs_valid() == []


@pytest.mark.parametrize(
    ("jobs", "error_id"),
    [
        ({"x": ("quizzes.tasks.no_such_task", "08:00")}, "core.E005"),
        ({"x": ("core.scheduler.daily_jobs", "08:00")}, "core.E005"),
        ({"x": ("trust.tasks.prune_audit_log", "8 o'clock")}, "core.E004"),
    ],
)
def test_a_misconfigured_job_fails_the_system_check(jobs, error_id):
    with override_settings(DAILY_JOBS=jobs):
        assert [error.id for error in daily_jobs_valid()] == [error_id]


def test_the_next_check_is_at_the_next_whole_minute():
    assert seconds_to_next_check(now=at(24, 8, 0).replace(second=59)) == pytest.approx(1.05)
