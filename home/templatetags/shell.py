"""Template tags of the site shell (templates/base.html): the header's sections, the catalogue
link and the language switch."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from django import template
from django.conf import settings
from django.core.cache import cache
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from courses.selectors import nav_catalogue
from quizzes.models import ContestPage
from quizzes.selectors import assessments_open_exist, contests_live_exist

from ..front_page import SHARED_CACHE_SECONDS, shared_generation

register = template.Library()


@register.simple_tag(takes_context=True)
def catalogue_nav_page(context):
    """The live catalogue of the active language, or None when it would be empty; asked once per
    request however many times the shell needs it."""
    request = context.get("request")
    if request is None:
        return nav_catalogue()
    if not hasattr(request, "_courses_nav_catalogue"):
        request._courses_nav_catalogue = nav_catalogue()
    return request._courses_nav_catalogue


@register.inclusion_tag("home/includes/language_switch.html", takes_context=True)
def language_switch(context):
    """Links to this same page in each language: the page's translation for Wagtail pages (that
    language's home page when there is none: the same path under its prefix would be a 404), the
    same view under the other language prefix for everything else."""
    request = context.get("request")
    page = context.get("page")
    current = translation.get_language()
    is_page = page is not None and hasattr(page, "get_translation_or_none")
    if is_page:
        # The same for every visitor of this page in this language and site: cached under the
        # shared home facts' generation, which publishing, unpublishing, moving or deleting any
        # page replaces (a translation going live or an address changing).
        site = Site.find_for_request(request) if request is not None else None
        key = (
            f"home:language_switch:{shared_generation()}:{site.pk if site else 0}:"
            f"{page.translation_key}:{current}"
        )
        links = cache.get(key)
        if links is None:
            links = _language_links(request, page, current, is_page)
            cache.set(key, links, timeout=SHARED_CACHE_SECONDS)
        return {"links": links}
    return {"links": _language_links(request, page, current, is_page)}


def _language_links(request, page, current, is_page) -> list[dict]:
    translations = {}
    if is_page:
        from wagtail.models import Page

        # Every language's version in one query, not a locale and a page query per language.
        translations = {
            p.locale.language_code: p
            for p in Page.objects.filter(translation_key=page.translation_key).select_related(
                "locale"
            )
        }
    links = []
    for code, name in settings.LANGUAGES:
        url = None
        if is_page:
            translated = translations.get(code)
            if translated is not None and translated.live:
                url = translated.get_url(request)
            else:
                with translation.override(code):
                    url = reverse("home")
        if url is None and request is not None:
            url = translate_url(request.get_full_path(), code)
        links.append(
            {"code": code, "name": str(name), "url": url or "/", "current": code == current}
        )
    return links


@dataclass
class NavItem:
    """One header link. `prefixes` are the paths it stands for (its own address first); the page
    whose path they prefix is "in" that section."""

    key: str
    label: str
    url: str
    prefixes: tuple[str, ...]
    current: bool = False


def _path(url: str) -> str:
    return urlsplit(url).path or "/"


def _asked_once(request, attribute: str, ask) -> bool:
    """A fact every page's header needs, asked once per request (the quizzes tags share the same
    attributes, so a page that also renders them asks nothing twice)."""
    if request is None:
        return ask()
    if not hasattr(request, attribute):
        setattr(request, attribute, ask())
    return getattr(request, attribute)


def current_section(items: list[NavItem], path: str) -> NavItem | None:
    """The one item this path belongs to: the longest prefix wins, so a contest's play page
    (/assessments/contests/3/play/) is in Contests, not also in Assessments (/assessments/)."""
    best, best_length = None, -1
    for item in items:
        for prefix in item.prefixes:
            inside = path == prefix or (prefix.endswith("/") and path.startswith(prefix))
            if inside and len(prefix) > best_length:
                best, best_length = item, len(prefix)
    return best


@register.simple_tag(takes_context=True)
def main_nav(context) -> list[NavItem]:
    """The header's sections this person may see, in order, with at most one marked current (see
    `current_section`). Sections with nothing in them are not shown (no empty sections)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    items: list[NavItem] = []

    def add(key, label, view_name, *extra_prefixes):
        try:
            url = reverse(view_name)
        except NoReverseMatch:  # an app switched off in this deployment
            return
        items.append(NavItem(key, label, url, (_path(url), *extra_prefixes)))

    catalogue = catalogue_nav_page(context)
    if catalogue is not None:
        url = catalogue.get_url(request)
        if url:
            items.append(NavItem("courses", _("Courses"), url, (_path(url),)))
    if signed_in:
        add("my_learning", _("My learning"), "training:my_learning")
        # Short English labels keep the header of someone with every section on one 1280px row.
        add("certificates", _("Certificates"), "certificates:mine")
        if _asked_once(request, "_quizzes_nav", assessments_open_exist):
            add("assessments", _("Assessments"), "quizzes:list")
        if _asked_once(request, "_contests_nav", contests_live_exist):
            # A contest's own page lives in the page tree, outside /assessments/contests/.
            page = context.get("page")
            extra = (_path(request.path),) if isinstance(page, ContestPage) else ()
            add("contests", _("Contests"), "quizzes:contest_list", *extra)
        if context.get("nav_is_expert"):
            add("inbox", _("Inbox"), "qanda:inbox")
        if context.get("nav_is_manager"):
            add("my_team", _("My team"), "dashboards:my_team")
    if request is not None:
        chosen = current_section(items, request.path)
        if chosen is not None:
            chosen.current = True
    return items
