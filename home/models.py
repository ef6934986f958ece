"""The site's home page: the root of each language's page tree."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from core.pages import SiteRootPageMixin


class HomePage(SiteRootPageMixin, Page):
    """The site's front page: a welcome, and links into what exists.

    The catalogue and contest pages say they live under "the site home" (core.pages), so this
    app, above courses and quizzes, is the only one that names both ends of the rule.
    """

    intro = models.CharField(_("introduction"), max_length=300, blank=True)
    body = RichTextField(
        _("body"), blank=True, features=["h2", "h3", "bold", "italic", "link", "ol", "ul"]
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["courses.CatalogueIndexPage", "quizzes.ContestPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def get_context(self, request, *args, **kwargs):
        from .front_page import home_context

        context = super().get_context(request, *args, **kwargs)
        context.update(home_context(page=self, request=request))
        return context
