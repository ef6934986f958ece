"""python manage.py import_people FILE.csv|FILE.xlsx — create or update people from an HR sheet."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from people.import_sheet import describe_problem
from people.services import people_import_file


class Command(BaseCommand):
    help = "Import people and org units from a CSV or XLSX sheet. Nothing is written if any row is bad."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path to a .csv or .xlsx file")
        parser.add_argument(
            "--encoding", default="utf-8", help="Encoding of a CSV file: utf-8 (default) or gb18030"
        )
        parser.add_argument(
            "--language",
            default=None,
            help="Language of the report: zh-hans or en (default: settings)",
        )

    def handle(self, *args, file, encoding, language, **options):
        if language:
            translation.activate(language)
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("File not found: %(path)s") % {"path": path})
        report = people_import_file(data=path.read_bytes(), filename=path.name, encoding=encoding)
        if not report["ok"]:
            for problem in report["problems"]:
                where = _("row %(row)s") % {"row": problem["row"]} if problem["row"] else _("file")
                column = f" [{problem['column']}]" if problem.get("column") else ""
                self.stderr.write(f"{where}{column}: {describe_problem(problem)}")
            count = len(report["problems"])
            raise CommandError(
                ngettext(
                    "Import rejected: %(count)s problem found; nothing was written.",
                    "Import rejected: %(count)s problems found; nothing was written.",
                    count,
                )
                % {"count": count}
            )
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Imported %(rows)s rows: %(created)s people created, %(updated)s updated, %(units)s units created."
                )
                % {
                    "rows": report["rows"],
                    "created": report["created"],
                    "updated": report["updated"],
                    "units": report["units_created"],
                }
            )
        )
