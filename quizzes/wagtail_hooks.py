"""The assessment part of the Wagtail admin: framework, targets, question bank, tests (with their
item analysis), question file import/export, and the organizer's contest screens (registrations
and integrity flags)."""

from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
)
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.widgets import Button, ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView, SnippetViewSet, SnippetViewSetGroup

from core.admin_menu import ShownToMenuItem, import_admin_urls

from . import admin_views, selectors
from .admin_forms import AssessmentAdminForm, QuestionAdminForm
from .models import (
    AREA_ORDER,
    COMPETENCE_ORDER,
    Area,
    Assessment,
    Competence,
    ContestPage,
    Framework,
    PostTarget,
    Question,
)


class FrameworkViewSet(SnippetViewSet):
    model = Framework
    icon = "site"
    menu_label = _("Frameworks")
    list_display = ["code", "name", "name_en"]
    form_fields = ["code", "name", "name_en", "description", "description_en"]


class AreaViewSet(SnippetViewSet):
    model = Area
    icon = "folder-open-inverse"
    menu_label = _("Competence areas")
    list_display = ["code", "name", "name_en", "framework"]
    list_filter = ["framework"]
    form_fields = [
        "framework",
        "code",
        "sort_order",
        "name",
        "name_en",
        "description",
        "description_en",
    ]
    ordering = list(AREA_ORDER)


class CompetenceViewSet(SnippetViewSet):
    model = Competence
    icon = "pick"
    menu_label = _("Competences")
    list_display = ["code", "name", "name_en", "area"]
    list_filter = ["area"]
    search_fields = ["code", "name", "name_en"]
    ordering = list(COMPETENCE_ORDER)
    panels = [
        FieldRowPanel([FieldPanel("area"), FieldPanel("code"), FieldPanel("sort_order")]),
        FieldPanel("name"),
        FieldPanel("name_en"),
        FieldPanel("description"),
        FieldPanel("description_en"),
        InlinePanel("levels", label=_("Levels"), max_num=4),
    ]

    def get_queryset(self, request):
        return Competence.objects.select_related("area").order_by(*COMPETENCE_ORDER)


class PostTargetViewSet(SnippetViewSet):
    model = PostTarget
    icon = "crosshairs"
    menu_label = _("Targets per post")
    list_display = ["post", "competence", "level"]
    list_filter = ["post"]
    form_fields = ["post", "competence", "level"]

    def get_queryset(self, request):
        return PostTarget.objects.select_related("post", "competence").order_by(
            "post__name", *(f"competence__{field}" for field in COMPETENCE_ORDER)
        )


class QuestionViewSet(SnippetViewSet):
    model = Question
    icon = "help"
    menu_label = _("Question bank")
    list_display = ["name", "category", "competence", "difficulty", "language", "is_active"]
    list_filter = ["difficulty", "language", "is_active", "competence"]
    search_fields = ["name", "category"]
    list_per_page = 50
    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("competence"), FieldPanel("difficulty"), FieldPanel("language")]),
        FieldPanel("category"),
        FieldPanel("content"),
        FieldPanel("case_sensitive"),
        # What GIFT cannot carry (quizzes.admin_forms): shown for every type, used by one.
        MultiFieldPanel(
            [
                FieldPanel("material"),
                FieldRowPanel([FieldPanel("word_limit"), FieldPanel("allow_file")]),
                FieldPanel("rubric"),
                FieldPanel("marker_guide"),
            ],
            heading=_("Essay or case analysis"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("units"),
                FieldRowPanel([FieldPanel("unit_handling"), FieldPanel("unit_penalty")]),
            ],
            heading=_("Numerical"),
        ),
        FieldPanel("tags"),
        FieldPanel("is_active"),
    ]

    def get_form_class(self, for_update=False):
        return QuestionAdminForm

    def get_queryset(self, request):
        return Question.objects.select_related("competence", "current_version")


ITEM_ANALYSIS_PERMISSION = "quizzes.change_assessment"


def _item_analysis_button(assessment, user, button_class=Button):
    if user.has_perm(ITEM_ANALYSIS_PERMISSION):
        return button_class(
            _("Item analysis"),
            reverse("quizzes_item_analysis", args=[assessment.pk]),
            icon_name="table",
            priority=30,
        )
    return None


class AssessmentEditView(EditView):
    """The test's edit page, with a way to its item analysis in the header's menu."""

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        button = _item_analysis_button(self.object, self.request.user)
        if button is not None:
            buttons.append(button)
        return buttons


class AssessmentViewSet(SnippetViewSet):
    model = Assessment
    edit_view_class = AssessmentEditView
    icon = "form"
    menu_label = _("Tests")
    list_display = ["title", "area", "language", "is_published", "opens_at", "closes_at"]
    list_filter = ["is_published", "language", "area"]
    search_fields = ["title", "title_en", "slug"]
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("title"),
                FieldPanel("title_en"),
                FieldPanel("slug"),
                FieldPanel("description"),
                FieldPanel("description_en"),
                FieldRowPanel([FieldPanel("area"), FieldPanel("language")]),
            ],
            heading=_("About the test"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
                FieldRowPanel([FieldPanel("time_limit_minutes"), FieldPanel("attempts_allowed")]),
                FieldRowPanel([FieldPanel("pass_mark"), FieldPanel("certifies_level")]),
                FieldRowPanel([FieldPanel("shuffle_questions"), FieldPanel("shuffle_options")]),
                FieldPanel("review_policy"),
                FieldPanel("is_published"),
            ],
            heading=_("Rules"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("adaptive"),
                FieldRowPanel(
                    [
                        FieldPanel("adaptive_target_se"),
                        FieldPanel("adaptive_min_items"),
                        FieldPanel("adaptive_max_items"),
                    ]
                ),
                FieldRowPanel(
                    [FieldPanel("adaptive_randomesque"), FieldPanel("adaptive_max_exposure")]
                ),
            ],
            heading=_("Adaptive mode"),
            classname="collapsed",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("double_marking"), FieldPanel("marking_margin")]),
                FieldPanel("markers"),
                FieldPanel("lead_markers"),
            ],
            heading=_("Essay marking"),
        ),
        InlinePanel("fixed_questions", label=_("Fixed questions")),
        InlinePanel("draw_rules", label=_("Random draws")),
    ]
    edit_handler = ObjectList(panels, base_form_class=AssessmentAdminForm)

    def get_queryset(self, request):
        return Assessment.objects.select_related("area")


def _organizes_contests(user) -> bool:
    # Asked for every menu render and listed page: remember the answer on the user object for
    # this request.
    if not hasattr(user, "_quizzes_organizes_contests"):
        user._quizzes_organizes_contests = selectors.user_organizes_contests(user=user)
    return user._quizzes_organizes_contests


class ContestOrganizerMenuItem(MenuItem):
    def is_shown(self, request):
        return _organizes_contests(request.user)


class ContestOrganizerViewSet(ViewSet):
    """Contests for organizers: the list, and one contest's registrations and flags."""

    name = "quizzes_contests"
    url_prefix = "quizzes/contests"
    icon = "clipboard-list"
    menu_label = _("Contest registrations")
    menu_item_class = ContestOrganizerMenuItem

    def get_urlpatterns(self):
        return [
            path("", admin_views.contest_index, name="index"),
            path("<int:pk>/", admin_views.contest_detail, name="detail"),
        ]


class AssessmentsGroup(SnippetViewSetGroup):
    menu_label = _("Assessments")
    menu_icon = "form"
    menu_order = 270
    items = (
        AssessmentViewSet,
        ContestOrganizerViewSet,
        QuestionViewSet,
        CompetenceViewSet,
        AreaViewSet,
        FrameworkViewSet,
        PostTargetViewSet,
    )


register_snippet(AssessmentsGroup)


@hooks.register("register_admin_urls")
def register_question_file_urls():
    return [
        *import_admin_urls(app="quizzes", views=admin_views, template="xlsx"),
        path("quizzes/export/", admin_views.export, name="quizzes_export"),
        path(
            "quizzes/tests/<int:pk>/item-analysis/",
            admin_views.item_analysis,
            name="quizzes_item_analysis",
        ),
        path(
            "quizzes/tests/<int:pk>/item-analysis/recompute/",
            admin_views.item_analysis_recompute,
            name="quizzes_item_analysis_recompute",
        ),
        path(
            "quizzes/tests/<int:pk>/item-analysis/export/<str:fmt>/",
            admin_views.item_analysis_export,
            name="quizzes_item_analysis_export",
        ),
        path("quizzes/calibration/", admin_views.calibration_index, name="quizzes_calibration"),
        path("quizzes/marking/", admin_views.marking_queue, name="quizzes_marking_queue"),
        path(
            "quizzes/marking/task/<int:pk>/",
            admin_views.marking_task,
            name="quizzes_marking_task",
        ),
        path(
            "quizzes/marking/task/<int:pk>/file/",
            admin_views.marking_file,
            name="quizzes_marking_file",
        ),
        path(
            "quizzes/marking/moderation/",
            admin_views.moderation_index,
            name="quizzes_moderation_index",
        ),
        path(
            "quizzes/marking/moderation/<int:pk>/",
            admin_views.moderation_detail,
            name="quizzes_moderation_detail",
        ),
        path(
            "quizzes/marking/moderation/answer/<int:pk>/",
            admin_views.moderate,
            name="quizzes_moderate",
        ),
        path(
            "quizzes/marking/moderation/task/<int:pk>/reassign/",
            admin_views.reassign,
            name="quizzes_marking_reassign",
        ),
        path("quizzes/marking/report/", admin_views.marking_report, name="quizzes_marking_report"),
    ]


@hooks.register("register_snippet_listing_buttons")
def item_analysis_listing_button(snippet, user, next_url=None):
    """In the tests' listing: each test's item analysis, for whoever may edit tests."""
    if isinstance(snippet, Assessment):
        button = _item_analysis_button(snippet, user, ListingButton)
        if button is not None:
            yield button


def _marks_essays(user) -> bool:
    return user.is_authenticated and (
        user.marking_assessments.exists() or user.marking_tasks.exists()
    )


def _leads_marking(user) -> bool:
    return user.is_authenticated and user.lead_marking_assessments.exists()


@hooks.register("register_admin_menu_item")
def register_marking_menu_item():
    return ShownToMenuItem(
        _("My marking"),
        reverse("quizzes_marking_queue"),
        shown_to=_marks_essays,
        icon_name="edit",
        order=276,
    )


@hooks.register("register_admin_menu_item")
def register_moderation_menu_item():
    return ShownToMenuItem(
        _("Moderate marking"),
        reverse("quizzes_moderation_index"),
        shown_to=_leads_marking,
        icon_name="tasks",
        order=277,
    )


@hooks.register("register_reports_menu_item")
def register_marking_report_menu_item():
    return ShownToMenuItem(
        _("Essay marking: workload and agreement"),
        reverse("quizzes_marking_report"),
        shown_to=lambda user: selectors.marking.marking_can_report(user=user),
        icon_name="table",
        order=720,
    )


@hooks.register("register_admin_menu_item")
def register_question_files_menu_item():
    return ShownToMenuItem(
        _("Import questions"),
        reverse("quizzes_import_list"),
        shown_to="quizzes.add_question",
        icon_name="upload",
        order=275,
    )


@hooks.register("register_admin_menu_item")
def register_calibration_menu_item():
    return ShownToMenuItem(
        _("Item calibration"),
        reverse("quizzes_calibration"),
        shown_to="quizzes.change_question",
        icon_name="resubmit",
        order=276,
    )


def _contest_button(page, user):
    if issubclass(page.specific_class or object, ContestPage) and _organizes_contests(user):
        return Button(
            _("Registrations and flags"),
            reverse("quizzes_contests:detail", args=[page.pk]),
            icon_name="clipboard-list",
            priority=70,
        )
    return None


@hooks.register("register_page_header_buttons")
def contest_header_button(page, user, view_name, next_url=None):
    """On a contest's edit page: a way to its registrations and integrity flags."""
    button = _contest_button(page, user)
    if button is not None:
        yield button


@hooks.register("register_page_listing_more_buttons")
def contest_listing_button(page, user, next_url=None):
    button = _contest_button(page, user)
    if button is not None:
        yield button


@hooks.register("after_publish_page")
def contest_published(request, page):
    """Publishing a contest copies its schedule onto its test and queues the end-time decision."""
    from .models import ContestPage
    from .services.contests import contest_assessment_sync, contest_schedule_decision

    specific = page.specific
    if isinstance(specific, ContestPage):
        contest_assessment_sync(contest=specific)
        contest_schedule_decision(contest=specific)
