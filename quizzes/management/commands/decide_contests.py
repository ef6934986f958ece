"""Decide every contest that has ended and is not decided yet (backs up the end-time task)."""

from django.core.management.base import BaseCommand

from quizzes.services.contests import contests_decide_due


class Command(BaseCommand):
    help = "Decide ended contests: final standings, awards and bonus credit hours."

    def handle(self, *args, **options):
        count = contests_decide_due()
        self.stdout.write(f"{count} contest(s) decided.")
