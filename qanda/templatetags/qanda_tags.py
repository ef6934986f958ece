"""Template helpers of the Q&A pages."""

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def qanda_percent(share):
    """0.857 -> "85.7%"; no figure -> "–"."""
    if share is None:
        return "–"
    return f"{number_format(round(share * 100, 1), 1)}%"


@register.filter
def qanda_name(subject):
    """A course's title or a person's name."""
    return getattr(subject, "full_name", "") or getattr(subject, "title", "") or str(subject)
