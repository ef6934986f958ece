"""Template tags the site shell uses for the courses section."""

from django import template

from ..selectors import nav_catalogue

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
