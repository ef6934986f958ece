"""Template helpers for the quizzes pages."""

from django import template

register = template.Library()


@register.filter
def duration(seconds):
    """12345 -> "3:25:45"; 75 -> "1:15"."""
    if seconds is None:
        return ""
    seconds = int(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
