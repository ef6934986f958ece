"""System checks of the Q&A settings. Whether a year's make-up workdays are published is data,
not configuration, and depends on the date: the admin home page reports it
(qanda.wagtail_hooks), never `check --deploy`."""

from django.conf import settings
from django.core import checks


@checks.register("qanda")
def due_settings_valid(app_configs=None, databases=None, **kwargs):
    """A due count below one working day, or a negative warning horizon, cannot be meant."""
    errors = []
    if not isinstance(settings.QANDA_DUE_WORKING_DAYS, int) or settings.QANDA_DUE_WORKING_DAYS < 1:
        errors.append(
            checks.Error(
                "QANDA_DUE_WORKING_DAYS must be a whole number of working days, at least 1.",
                hint="Set QANDA_DUE_WORKING_DAYS in the environment (the promise is 5).",
                id="qanda.E001",
            )
        )
    horizon = settings.QANDA_CALENDAR_HORIZON_DAYS
    if not isinstance(horizon, int) or horizon < 0:
        errors.append(
            checks.Error(
                "QANDA_CALENDAR_HORIZON_DAYS must be a whole number of days, 0 or more.",
                hint="Set QANDA_CALENDAR_HORIZON_DAYS in the environment (default 30).",
                id="qanda.E002",
            )
        )
    return errors
