"""Learner-facing views of the courses app that are not Wagtail pages."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .selectors import page_search


def search(request):
    """One search box across the catalogue."""
    query = request.GET.get("q", "").strip()[:200]
    results = list(page_search(query=query)) if query else []
    return render(request, "courses/search.html", {"query": query, "results": results})


@login_required
def my_learning(request):
    """A learner's own learning: their profile facts; courses join here as they are enrolled."""
    return render(
        request, "courses/my_learning.html", {"profile": getattr(request.user, "profile", None)}
    )
