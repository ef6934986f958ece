"""Keeps the search index in step with publishing. Connected in CoursesConfig.ready()."""

from wagtail.signals import page_published, page_unpublished

from . import search


def _page_published(sender, instance, **kwargs):
    search.index_page(instance)


def _page_unpublished(sender, instance, **kwargs):
    search.unindex_page(instance.pk)


def connect() -> None:
    # Deleting a page deletes its entry through the foreign key (CASCADE); nothing to do here.
    page_published.connect(_page_published, dispatch_uid="courses_search_index_publish")
    page_unpublished.connect(_page_unpublished, dispatch_uid="courses_search_index_unpublish")
