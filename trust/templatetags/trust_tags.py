"""Render exported personal data (nested dicts and lists) as readable HTML."""

import datetime as dt

from django import template
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

register = template.Library()


def _render(value):
    if isinstance(value, dict):
        if not value:
            return format_html("<p>{}</p>", _("Nothing recorded."))
        rows = format_html_join(
            "", "<dt>{}</dt><dd>{}</dd>", ((key, _render(item)) for key, item in value.items())
        )
        return format_html('<dl class="facts">{}</dl>', rows)
    if isinstance(value, list | tuple):
        if not value:
            return format_html("<p>{}</p>", _("Nothing recorded."))
        items = format_html_join("", "<li>{}</li>", ((_render(item),) for item in value))
        return format_html("<ul>{}</ul>", items)
    if value is None or value == "":
        return "—"
    if isinstance(value, dt.datetime):
        return date_format(value, "Y-m-d H:i")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


@register.simple_tag
def render_data(value):
    return _render(value)
