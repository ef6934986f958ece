"""Page-tree plumbing: which page is the site's home, without naming the app that defines it.

The home page model lives in `home`, the top of the app stack, but the catalogue (courses) and
contest pages (quizzes) may only be created directly under it. They cannot name "home.HomePage"
(a string dependency on a higher app), so the home page carries a marker and the lower pages ask
for "whatever page is the site home" through `under_site_home()`.
"""

from __future__ import annotations

from collections.abc import Iterator


class SiteRootPageMixin:
    """Mixed into the concrete Page model that is the site's home page (one per site language)."""

    is_site_home = True


def site_home_page_models() -> list[type]:
    """The concrete Page models marked as the site home, read from the loaded app registry."""
    from django.apps import apps
    from wagtail.models import Page

    # apps.get_models() refuses to answer before every models module is imported, so the list can
    # never be computed (and cached by Wagtail) half-empty.
    return [
        model
        for model in apps.get_models()
        if issubclass(model, Page) and getattr(model, "is_site_home", False)
    ]


class _SiteHomeParents:
    """A lazy `parent_page_types` value: Wagtail iterates it on first use (after the app registry
    is ready) and caches the models it yields, exactly as it does for a list of model names."""

    def __iter__(self) -> Iterator[type]:
        return iter(site_home_page_models())

    def __repr__(self) -> str:
        return "under_site_home()"


def under_site_home() -> _SiteHomeParents:
    """`parent_page_types` for a page that may only live directly under the site's home page."""
    return _SiteHomeParents()
