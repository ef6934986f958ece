"""System check: the working-day clock needs the calendar of every year a question asked today
can be due in. A missing year is a warning until an admin enters it (Calendar overrides)."""

from django.core import checks
from django.db import DatabaseError


@checks.register("qanda")
def calendar_years_known(app_configs=None, databases=None, **kwargs):
    from . import workdays

    try:
        calendar = workdays.WorkdayCalendar()
        years = workdays.unknown_years(years=workdays.years_needed(), calendar=calendar)
    except DatabaseError:
        # Before migrations the override table does not exist: judge by the library alone.
        calendar = workdays.WorkdayCalendar(overrides={})
        years = workdays.unknown_years(years=workdays.years_needed(), calendar=calendar)
    return [
        checks.Warning(
            f"The working-day calendar for {year} is not known: questions due in {year} cannot "
            "get a due date.",
            hint="Enter that year's public holidays and make-up workdays under Settings > "
            "Calendar overrides in the admin, or upgrade the chinesecalendar package.",
            id="qanda.W001",
        )
        for year in years
    ]
