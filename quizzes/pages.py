"""The contest page: what organizers author in the Wagtail admin (rules, schedule, eligibility, the
test it uses, awards). Editorial content only; registrations and results live in
quizzes.models.contest and point here with PROTECT."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.pages import under_site_home
from core.text import parse_int

from .models.assessment import Assessment
from .models.contest import AwardBasis, ContestMode


class ContestPage(Page):
    """An informatization contest (信息化竞赛). The questions, draw rules and shuffles come from
    the test (Assessment) it owns; the schedule here is copied onto that test when published."""

    intro = models.CharField(_("introduction"), max_length=300, blank=True)
    rules = RichTextField(_("rules"), blank=True, features=["h2", "h3", "bold", "ol", "ul", "link"])
    mode = models.CharField(
        _("mode"), max_length=20, choices=ContestMode.choices, default=ContestMode.PAPER
    )
    assessment = models.OneToOneField(
        Assessment,
        on_delete=models.PROTECT,
        related_name="contest",
        verbose_name=_("test"),
        help_text=_(
            "The question pools and draw rules of the contest. A test used by a contest is no "
            "longer listed among ordinary tests."
        ),
    )
    registration_opens_at = models.DateTimeField(_("registration opens at"))
    registration_closes_at = models.DateTimeField(
        _("registration closes at"), help_text=_("May be after the start: late registrants enter.")
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    time_limit_minutes = models.PositiveIntegerField(
        _("time limit (minutes)"),
        null=True,
        blank=True,
        help_text=_("Per contestant; blank means until the contest ends."),
    )
    entry_spread_seconds = models.PositiveIntegerField(
        _("entry spread (seconds)"),
        default=30,
        help_text=_("Each contestant enters after a random delay of up to this many seconds."),
    )
    eligible_units = ParentalManyToManyField(
        "people.OrgUnit",
        blank=True,
        related_name="+",
        verbose_name=_("eligible org units"),
        help_text=_("People in these units and the units below them. Empty: the whole platform."),
    )
    human_floor_seconds = models.DecimalField(
        _("fastest human answer (seconds)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("1.50"),
        help_text=_("Answers given faster than this are flagged for the organizer."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("rules"),
        MultiFieldPanel(
            [
                FieldPanel("registration_opens_at"),
                FieldPanel("registration_closes_at"),
                FieldPanel("starts_at"),
                FieldPanel("ends_at"),
                FieldPanel("time_limit_minutes"),
                FieldPanel("entry_spread_seconds"),
            ],
            heading=_("Schedule"),
        ),
        FieldPanel("mode"),
        FieldPanel("assessment"),
        FieldPanel("eligible_units"),
        FieldPanel("human_floor_seconds"),
        InlinePanel("awards", heading=_("Awards"), label=_("award")),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("rules")]
    parent_page_types = under_site_home()
    subpage_types: list[str] = []
    template = "quizzes/contests/contest_page.html"

    class Meta:
        verbose_name = _("contest")
        verbose_name_plural = _("contests")

    def clean(self):
        super().clean()
        errors = {}
        if (
            self.registration_opens_at
            and self.registration_closes_at
            and self.registration_closes_at <= self.registration_opens_at
        ):
            errors["registration_closes_at"] = _("Registration must close after it opens.")
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The contest must end after it starts.")
        if (
            self.registration_opens_at
            and self.starts_at
            and self.registration_opens_at > self.starts_at
        ):
            errors["registration_opens_at"] = _("Registration must open before the contest starts.")
        if (
            self.registration_closes_at
            and self.ends_at
            and self.registration_closes_at > self.ends_at
        ):
            errors["registration_closes_at"] = _(
                "Registration must close by the end of the contest."
            )
        if errors:
            raise ValidationError(errors)

    def get_context(self, request, *args, **kwargs):
        from .actions import EnterContestAction
        from .selectors import contest_page_context

        context = super().get_context(request, *args, **kwargs)
        page = request.GET.get("page", "1")
        context.update(
            contest_page_context(
                contest=self,
                user=request.user,
                board_page=parse_int(page, default=1, min_value=1, max_value=999_999),
            )
        )
        # The page offers Register only when the action allows it, and otherwise says why not.
        refusal = EnterContestAction(self).refusal(request.user)
        context["can_register"] = refusal is None
        context["register_refusal"] = refusal.message if refusal is not None else ""
        return context


class ContestAward(Orderable):
    """An award: a rank band (ranks 1–3), a score band (at least 90%) or participation, with the
    bonus credit hours it earns. A person receives every award whose band they fall in."""

    contest = ParentalKey(ContestPage, on_delete=models.CASCADE, related_name="awards")
    title = models.CharField(_("title"), max_length=100)
    title_en = models.CharField(_("English title"), max_length=100, blank=True)
    basis = models.CharField(_("basis"), max_length=20, choices=AwardBasis.choices)
    rank_from = models.PositiveIntegerField(_("from rank"), null=True, blank=True)
    rank_to = models.PositiveIntegerField(_("to rank"), null=True, blank=True)
    min_percent = models.DecimalField(
        # xgettext:no-python-format
        _("at least (% of the maximum)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
    )
    credit_hours = models.DecimalField(
        _("bonus credit hours"), max_digits=5, decimal_places=1, default=Decimal(0)
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("title_en"),
        FieldPanel("basis"),
        FieldPanel("rank_from"),
        FieldPanel("rank_to"),
        FieldPanel("min_percent"),
        FieldPanel("credit_hours"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(basis="rank")
                | (
                    models.Q(rank_from__gte=1)
                    & models.Q(rank_to__isnull=False)
                    & models.Q(rank_to__gte=models.F("rank_from"))
                ),
                name="quizzes_award_rank_band",
            ),
            models.CheckConstraint(
                condition=~models.Q(basis="score") | models.Q(min_percent__isnull=False),
                name="quizzes_award_score_band",
            ),
            models.CheckConstraint(
                condition=models.Q(credit_hours__gte=0), name="quizzes_award_hours"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        super().clean()
        if self.basis == AwardBasis.RANK and not (self.rank_from and self.rank_to):
            raise ValidationError(_("A rank award needs the first and the last rank it covers."))
        if self.basis == AwardBasis.RANK and self.rank_to < self.rank_from:
            raise ValidationError(_("The last rank of an award cannot come before the first."))
        if self.basis == AwardBasis.SCORE and self.min_percent is None:
            raise ValidationError(_("A score award needs the lowest percent it covers."))
