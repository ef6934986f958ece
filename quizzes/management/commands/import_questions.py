"""python manage.py import_questions --format gift|moodle-xml|xlsx FILE

All or nothing: a file with any problem writes nothing, and every problem is printed with its line.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from quizzes.formats import describe_problem
from quizzes.models import Competence
from quizzes.services import questions_import
from quizzes.services.imports import FORMATS


class Command(BaseCommand):
    help = "Import questions from a GIFT, Moodle XML or XLSX file (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--format", required=True, choices=FORMATS, dest="fmt")
        parser.add_argument(
            "--competence", help="Competence code for questions that do not name one, e.g. 6.2."
        )
        parser.add_argument("--language", default="zh-hans", choices=["zh-hans", "en"])

    def handle(self, *args, file, fmt, competence=None, language="zh-hans", **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        default = None
        if competence:
            default = Competence.objects.filter(code=competence).first()
            if default is None:
                raise CommandError(f"“{competence}” is not the code of a competence.")
        report = questions_import(
            data=path.read_bytes(), fmt=fmt, default_competence=default, default_language=language
        )
        if not report["ok"]:
            for problem in report["problems"]:
                where = (
                    f"{path.name}:{problem['line']}: " if problem.get("line") else f"{path.name}: "
                )
                self.stderr.write(where + describe_problem(problem))
            count = len(report["problems"])
            raise CommandError(
                ngettext(
                    "%(count)s problem found; nothing was imported.",
                    "%(count)s problems found; nothing was imported.",
                    count,
                )
                % {"count": count}
            )
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "%(read)s questions read: %(created)s created, %(updated)s updated, %(unchanged)s unchanged."
                )
                % {
                    "read": report["questions"],
                    "created": report["created"],
                    "updated": report["updated"],
                    "unchanged": report["unchanged"],
                }
            )
        )
