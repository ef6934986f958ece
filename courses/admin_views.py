"""Admin views of the courses app: the content-health report."""

from django.shortcuts import render

from . import selectors


def content_health(request):
    """Gaps editors must close before learners notice: empty topics, incomplete guides, missing
    document files, empty lessons. Wagtail's admin URL wrapper already requires admin access."""
    return render(request, "courses/admin/content_health.html", selectors.content_health())
