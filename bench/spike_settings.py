"""Settings for the contest spike (bench/contest_spike.py): production's, with two changes that
only concern what the spike does not measure.

- Static files are named without the hashed manifest, so the spike need not run collectstatic
  first (a reverse proxy or WhiteNoise serves them in production; no page of the spike loads one).
- Mail stays in memory (contest results send none, but nothing may leave the machine).
- django-axes does not log each of the thousand logins the spike makes before it starts.

Everything the spike measures runs as in production: DEBUG off, Redis cache and sessions,
PostgreSQL with persistent connections, HTTPS behind a proxy (X-Forwarded-Proto), CSRF, the
security middleware and the rate limits.
"""

from config.settings.production import *  # noqa: F403
from config.settings.production import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# A thousand logins are made before the run; their lines would bury the report.
AXES_VERBOSE = False
