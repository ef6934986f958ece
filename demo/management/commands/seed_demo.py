"""python manage.py seed_demo — demo org tree, accounts and content. Idempotent."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from demo.certificates import seed_certificates
from demo.competence_links import seed_course_competences
from demo.contests import seed_contests
from demo.courses import seed_courses
from demo.item_analysis import seed_item_analysis
from demo.ledger import seed_ledger
from demo.people import DEMO_ACCOUNTS, seed_people
from demo.qanda import seed_qanda
from demo.quizzes import seed_quizzes
from demo.site import seed_site
from demo.trust import seed_trust


class Command(BaseCommand):
    help = "Load the demo org tree, accounts and content. Running it twice changes nothing."

    def handle(self, *args, **options):
        with transaction.atomic():
            seed_site()
            users = seed_people()
            seed_trust()
            seed_courses(users)
            seed_quizzes(users)
            seed_item_analysis()
            seed_course_competences()
            seed_contests(users)
            seed_ledger(users)
            seed_qanda(users)
            seed_certificates()
        self.stdout.write(self.style.SUCCESS("Demo ready. Accounts: " + ", ".join(DEMO_ACCOUNTS)))
        self.stdout.write(f"Password for every demo account: {settings.DEMO_PASSWORD}")
        self.stdout.write(
            "Staff accounts (admin, expert1, manager1, manager2, organizer1) use two-factor "
            f"authentication; authenticator secret: {settings.DEMO_TOTP_SECRET} "
            "(or run `python manage.py demo_totp` for the current code)."
        )
