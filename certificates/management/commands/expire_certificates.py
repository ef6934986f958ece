"""python manage.py expire_certificates — mark certificates past their expiry date as expired."""

from django.core.management.base import BaseCommand

from certificates.services import certificates_mark_expired


class Command(BaseCommand):
    help = "Mark valid certificates whose expiry date has passed as expired (run daily)."

    def handle(self, *args, **options):
        count = certificates_mark_expired()
        self.stdout.write(f"{count} certificate(s) marked expired.")
