"""python manage.py run_scheduler [--once] — queue the daily jobs (DAILY_JOBS) for the worker."""

import signal
import time

from django.core.management.base import BaseCommand

from core.scheduler import daily_jobs, last_runs, schedule_due_jobs, seconds_to_next_check


class Command(BaseCommand):
    help = (
        "Queue each daily job (settings.DAILY_JOBS) once a day at its local time, for the task "
        "worker. Runs until stopped; --once checks once and exits (for cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Check once, then exit.")

    def handle(self, *args, once=False, **options):
        self._stopping = False
        if not once:
            for sig in (signal.SIGTERM, signal.SIGINT):
                signal.signal(sig, self._stop)
            latest = last_runs()
            for job in daily_jobs():
                run = latest.get(job.name)
                self.stdout.write(
                    f"{job.name}: daily at {job.at:%H:%M} ({job.task_path}); last queued "
                    + (f"{run.queued_at:%Y-%m-%d %H:%M} UTC" if run else "never")
                )
        while True:
            for name in schedule_due_jobs():
                self.stdout.write(f"Queued {name}.")
            if once or self._stopping:
                return
            deadline = time.monotonic() + seconds_to_next_check()
            while not self._stopping and time.monotonic() < deadline:
                time.sleep(min(1.0, deadline - time.monotonic()))
            if self._stopping:
                return

    def _stop(self, signum, frame):
        self._stopping = True
