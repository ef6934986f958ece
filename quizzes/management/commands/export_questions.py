"""python manage.py export_questions --format gift|moodle-xml|xlsx FILE [--category PATH] [--competence CODE]"""

from pathlib import Path

from django.core.management.base import BaseCommand

from quizzes.models import Question
from quizzes.services import questions_export
from quizzes.services.imports import FORMATS


class Command(BaseCommand):
    help = "Export the question bank (or part of it) as GIFT, Moodle XML or XLSX."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--format", required=True, choices=FORMATS, dest="fmt")
        parser.add_argument("--category", help="Only this category and the ones below it.")
        parser.add_argument("--competence", help="Only questions of this competence code.")
        parser.add_argument("--language", choices=["zh-hans", "en"])

    def handle(self, *args, file, fmt, category=None, competence=None, language=None, **options):
        questions = Question.objects.all()
        if category:
            questions = questions.filter(category__startswith=category.strip("/"))
        if competence:
            questions = questions.filter(competence__code=competence)
        if language:
            questions = questions.filter(language=language)
        data, lossy = questions_export(questions=questions, fmt=fmt)
        Path(file).write_bytes(data)
        for name in lossy:
            self.stderr.write(f"Not carried in full by {fmt} (feedback or partial credit): {name}")
        self.stdout.write(self.style.SUCCESS(f"{questions.count()} questions written to {file}."))
