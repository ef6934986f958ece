"""Local development: `make run`. Debug on, a throwaway secret if none is set."""

from .base import *  # noqa: F403
from .base import env

DEBUG = True
SECRET_KEY = env("DJANGO_SECRET_KEY") or "dev-only-not-secret-govlearn"

WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
