"""Keeps the search index, the cached navigation and the cached course and lesson pages in step
with the page tree. Connected in CoursesConfig.ready()."""

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import search
from .models import (
    CatalogueIndexPage,
    CourseMaterial,
    CoursePage,
    CoursePageTag,
    LessonPage,
    TopicPage,
)
from .page_cache import page_cache_forget
from .selectors import nav_cache_key

CATALOGUE_MODELS = (CatalogueIndexPage, TopicPage, CoursePage, LessonPage)


def _forget_nav_catalogue(**kwargs):
    cache.delete_many(
        [
            nav_cache_key(get_supported_content_language_variant(code))
            for code, _ in settings.LANGUAGES
        ]
    )
    _forget_cached_pages()


def _forget_cached_pages(**kwargs):
    """A course page shows its lessons, topic, source translation and documents: any change to
    them retires every cached page. Again after commit, so a request that read the old rows
    while the change was in flight cannot keep them under the new token."""
    page_cache_forget()
    transaction.on_commit(page_cache_forget)


def _page_published(sender, instance, **kwargs):
    search.index_page(instance)
    _forget_nav_catalogue()


def _page_unpublished(sender, instance, **kwargs):
    search.unindex_page(instance.pk)
    _forget_nav_catalogue()


def _catalogue_created(sender, instance, created, raw=False, **kwargs):
    """A new catalogue goes under the course-review workflow at once: no course is ever published
    without review because its catalogue was created after install."""
    if created and not raw:
        from .services import course_review_workflow_assign

        course_review_workflow_assign(catalogue=instance)


def connect() -> None:
    post_save.connect(
        _catalogue_created, sender=CatalogueIndexPage, dispatch_uid="courses_catalogue_review"
    )
    # Deleting a page deletes its search entry through the foreign key (CASCADE).
    page_published.connect(_page_published, dispatch_uid="courses_search_index_publish")
    page_unpublished.connect(_page_unpublished, dispatch_uid="courses_search_index_unpublish")
    # A move changes the URL of the page and of everything under it, the nav catalogue's too.
    post_page_move.connect(_forget_nav_catalogue, dispatch_uid="courses_page_cache_move")
    # Materials, tags, documents and images are saved apart from the page row that shows them.
    for model in (CourseMaterial, CoursePageTag, get_document_model(), get_image_model()):
        for signal in (post_save, post_delete):
            signal.connect(
                _forget_cached_pages,
                sender=model,
                dispatch_uid=f"courses_page_cache_{signal is post_save}_{model.__name__}",
            )
    for model in CATALOGUE_MODELS:
        # Pages saved or deleted without publishing (moves, imports, fixtures) change the nav too.
        post_save.connect(
            _forget_nav_catalogue, sender=model, dispatch_uid=f"courses_nav_{model.__name__}"
        )
        post_delete.connect(
            _forget_nav_catalogue, sender=model, dispatch_uid=f"courses_nav_del_{model.__name__}"
        )
