"""The catalogue page tree: catalogue index -> topic -> course -> lesson.

Chinese pages are the source tree; English pages are Wagtail translations of them (same
translation_key). Learner data points at the Chinese page (see courses.models.learning).
Guide fields are optional at the database level so drafts can be saved half-written; the rule that
a published course has a complete guide is enforced when publishing (courses.actions
.PublishCourseAction, asked by the admin hook, the review workflow, the edit page's check panel
and CoursePage.publish).
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import Http404
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.pages import under_site_home

from ..blocks import BaseStreamBlock
from ..panels import PublishCheckPanel

INTRO_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul"]


class CatalogueIndexPage(Page):
    """课程目录: the one catalogue of a site language, listing topics that have live courses."""

    intro = RichTextField(_("introduction"), blank=True, features=INTRO_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = under_site_home()
    subpage_types = ["courses.TopicPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("course catalogue")
        verbose_name_plural = _("course catalogues")

    def get_context(self, request, *args, **kwargs):
        from ..selectors import catalogue_topics

        context = super().get_context(request, *args, **kwargs)
        context["topics"] = catalogue_topics(catalogue=self)
        return context


class TopicPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "courses.TopicPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class TopicPage(Page):
    """A subject area such as data sharing; shown only while it has at least one live course."""

    intro = models.TextField(_("introduction"), blank=True)
    tags = ClusterTaggableManager(through=TopicPageTag, blank=True, verbose_name=_("tags"))
    # Competency links go here once the quizzes framework exposes competencies (issue: quizzes).

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("tags")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["courses.CatalogueIndexPage"]
    subpage_types = ["courses.CoursePage"]

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def get_context(self, request, *args, **kwargs):
        from ..selectors import topic_courses

        context = super().get_context(request, *args, **kwargs)
        context["courses"] = topic_courses(topic=self)
        return context

    def serve(self, request, *args, **kwargs):
        from ..selectors import topic_has_live_course

        # An empty section is never shown, not even to someone holding its address.
        if not topic_has_live_course(topic=self):
            raise Http404
        return super().serve(request, *args, **kwargs)


class CoursePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "courses.CoursePage", related_name="tagged_items", on_delete=models.CASCADE
    )


class CoursePage(Page):
    """A course and its guide (课程指南). The guide must be complete before publication."""

    summary = models.CharField(_("summary"), max_length=300, blank=True)
    body = RichTextField(_("description"), blank=True, features=INTRO_FEATURES)
    tags = ClusterTaggableManager(through=CoursePageTag, blank=True, verbose_name=_("tags"))
    # Competency links go here once the quizzes framework exposes competencies (issue: quizzes).

    audience = models.TextField(_("target audience"), blank=True)
    credit_hours = models.DecimalField(
        _("credit hours"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0.5)],
        help_text=_("学时 awarded on completion."),
    )
    estimated_minutes = models.PositiveIntegerField(
        _("estimated duration (minutes)"), null=True, blank=True
    )
    enrolment_opens = models.DateField(_("enrolment opens"), null=True, blank=True)
    enrolment_closes = models.DateField(_("enrolment closes"), null=True, blank=True)
    completion_deadline = models.DateField(_("completion deadline"), null=True, blank=True)
    prerequisites = models.TextField(
        _("prerequisites"), blank=True, help_text=_("Write “None” if there are none.")
    )
    assessment_method = models.TextField(_("how it is assessed"), blank=True)
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    certificate_issued = models.BooleanField(_("certificate issued"), default=False)
    contact_person = models.CharField(_("contact person"), max_length=100, blank=True)
    contact_channel = models.CharField(
        _("contact channel"),
        max_length=200,
        blank=True,
        help_text=_("Telephone, e-mail or office where learners get help."),
    )

    content_panels = [
        PublishCheckPanel(),
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("tags"),
        MultiFieldPanel(
            [
                FieldPanel("audience"),
                FieldRowPanel([FieldPanel("credit_hours"), FieldPanel("estimated_minutes")]),
                FieldRowPanel(
                    [
                        FieldPanel("enrolment_opens"),
                        FieldPanel("enrolment_closes"),
                        FieldPanel("completion_deadline"),
                    ]
                ),
                FieldPanel("prerequisites"),
                FieldRowPanel([FieldPanel("assessment_method"), FieldPanel("pass_mark")]),
                FieldPanel("certificate_issued"),
                FieldRowPanel([FieldPanel("contact_person"), FieldPanel("contact_channel")]),
                InlinePanel("materials", label=_("Downloadable materials")),
            ],
            heading=_("Course guide"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("audience"),
    ]
    parent_page_types = ["courses.TopicPage"]
    subpage_types = ["courses.LessonPage"]

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def clean(self):
        super().clean()
        errors = {}
        opens, closes = self.enrolment_opens, self.enrolment_closes
        if opens and closes and closes < opens:
            errors["enrolment_closes"] = _("Enrolment cannot close before it opens.")
        if opens and self.completion_deadline and self.completion_deadline < opens:
            errors["completion_deadline"] = _(
                "The completion deadline cannot be before enrolment opens."
            )
        if errors:
            raise ValidationError(errors)

    @cached_property
    def topic(self) -> "TopicPage | None":
        """The topic this course sits under, in the same language (one query, then kept on this
        object); None for a course placed elsewhere."""
        return TopicPage.objects.parent_of(self).first()

    def publish(self, revision, *args, **kwargs):
        """Publish through PublishCourseAction, which refuses an incomplete course by any route
        that reaches here (workflow approval, scheduler, code); the admin's publish button asks
        the same action before it gets here (courses.wagtail_hooks)."""
        from ..actions import PublishCourseAction

        names = ("user", "changed", "log_action", "previous_revision", "skip_permission_checks")
        kwargs.update(zip(names, args, strict=False))
        return PublishCourseAction(revision.as_object(), user=kwargs.get("user")).execute(
            revision, **kwargs
        )

    def get_context(self, request, *args, **kwargs):
        from ..selectors import course_page_state

        context = super().get_context(request, *args, **kwargs)
        context.update(course_page_state(course=self, user=request.user, request=request))
        return context


class CourseMaterial(Orderable):
    """A downloadable material of a course guide (handouts, regulation texts, forms)."""

    page = ParentalKey(CoursePage, related_name="materials", on_delete=models.CASCADE)
    title = models.CharField(_("title"), max_length=200)
    # SET_NULL so deleting a document leaves a visible gap that the content-health report lists.
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        null=True,
        blank=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [FieldPanel("title"), FieldPanel("document")]

    class Meta(Orderable.Meta):
        verbose_name = _("course material")
        verbose_name_plural = _("course materials")


class LessonPage(Page):
    """One lesson. Completed when the learner has spent `min_seconds` on it (measured by the
    server) and answered all its check questions correctly."""

    summary = models.CharField(_("summary"), max_length=300, blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("content"), blank=True)
    estimated_minutes = models.PositiveSmallIntegerField(
        _("estimated minutes"), default=10, validators=[MinValueValidator(1)]
    )
    min_seconds = models.PositiveIntegerField(
        _("minimum study time (seconds)"),
        default=120,
        help_text=_("Time the server must count on this lesson before it can be completed."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("estimated_minutes"), FieldPanel("min_seconds")]),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["courses.CoursePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    @cached_property
    def course(self) -> CoursePage | None:
        """The course this lesson belongs to, in the same language (one query, then kept on this
        object); None for a lesson placed elsewhere."""
        return CoursePage.objects.parent_of(self).first()

    def check_questions(self) -> dict[str, dict]:
        """The lesson's check questions by block id (the stable id Wagtail gives each block)."""
        return {
            block.id: block.value for block in self.body if block.block_type == "check_question"
        }

    def get_context(self, request, *args, **kwargs):
        from ..selectors import lesson_page_state

        context = super().get_context(request, *args, **kwargs)
        context.update(lesson_page_state(lesson=self, user=request.user, request=request))
        return context
