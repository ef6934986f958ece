"""Reads about content pages for other apps and views."""

from django.utils import translation
from wagtail.models import Locale, Page


def page_search(*, query: str, limit: int = 50):
    """Live pages in the active language that match `query`."""
    if not query.strip():
        return Page.objects.none()
    locale = Locale.objects.filter(language_code=translation.get_language()).first()
    pages = Page.objects.live().public().specific()
    if locale is not None:
        pages = pages.filter(locale=locale)
    return pages.search(query)[:limit]
