"""Template tags of the site shell (templates/base.html): the catalogue link and the language switch."""

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation

from courses.selectors import nav_catalogue

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
        links.append({"code": code, "name": name, "url": url or "/", "current": code == current})
    return {"links": links}
