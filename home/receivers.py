"""Retire the home page's shared facts whenever what they list may have changed: a page (course,
lesson, contest) published, unpublished, moved or deleted. Cheap and idempotent."""

from django.db.models.signals import post_delete
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from .front_page import shared_forget


def _forget(sender=None, **kwargs):
    shared_forget()


def connect() -> None:
    """Connect the receivers (called once from HomeConfig.ready)."""
    page_published.connect(_forget, dispatch_uid="home_shared_publish")
    page_unpublished.connect(_forget, dispatch_uid="home_shared_unpublish")
    post_page_move.connect(_forget, dispatch_uid="home_shared_move")
    post_delete.connect(_forget, sender=Page, dispatch_uid="home_shared_delete")
