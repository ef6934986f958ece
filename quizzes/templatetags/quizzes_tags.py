"""Template helpers for the quizzes pages and the site nav."""

from django import template

from ..selectors import assessments_open_exist

register = template.Library()


@register.inclusion_tag("quizzes/includes/nav_item.html", takes_context=True)
def assessments_nav_item(context):
    """The "Assessments" nav link, only when at least one test is open (no empty sections)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    show = False
    if user is not None and user.is_authenticated:
        if not hasattr(request, "_quizzes_nav"):
            request._quizzes_nav = assessments_open_exist()
        show = request._quizzes_nav
    current = getattr(getattr(request, "resolver_match", None), "namespace", "") == "quizzes"
    return {"show": show, "current": current}


@register.filter
def duration(seconds):
    """12345 -> "3:25:45"; 75 -> "1:15"."""
    if seconds is None:
        return ""
    seconds = int(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


@register.inclusion_tag("quizzes/contests/includes/nav_item.html", takes_context=True)
def contests_nav_item(context):
    """The "Contests" nav link, only while a contest is open for registration or running."""
    from ..selectors import contests_live_exist

    request = context.get("request")
    user = getattr(request, "user", None)
    show = False
    if user is not None and user.is_authenticated:
        if not hasattr(request, "_contests_nav"):
            request._contests_nav = contests_live_exist()
        show = request._contests_nav
    view = getattr(getattr(request, "resolver_match", None), "view_name", "") or ""
    return {"show": show, "current": view.startswith("quizzes:contest")}
