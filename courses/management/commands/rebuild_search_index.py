"""python manage.py rebuild_search_index — re-index every live course and lesson."""

from django.core.management.base import BaseCommand

from courses.search import rebuild_index


class Command(BaseCommand):
    help = "Rebuild the course and lesson search index from the live pages."

    def handle(self, *args, **options):
        indexed = rebuild_index()
        self.stdout.write(self.style.SUCCESS(f"Indexed {indexed} pages."))
