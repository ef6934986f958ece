"""Template tags of training plans: templates ask the actions, never repeat their rules."""

from django import template
from django.utils import timezone

from ..actions import RemindAction

register = template.Library()


@register.simple_tag(takes_context=True)
def remind_state(context, row) -> dict:
    """For a row of the viewer's team (a `TargetStatus` whose scope the page already checked):
    whether the Remind button is offered, and when the person was last reminded."""
    action = RemindAction.for_row(row)
    last = action.last_reminded_at
    user = context["request"].user
    return {
        "allowed": action.allowed(user, in_scope=True),
        "last_reminded_at": last,
        "cooling_down": action.cooling_down,
        "just_now": last is not None and (timezone.now() - last).total_seconds() < 60,
    }
