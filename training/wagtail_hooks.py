"""Admin for the ledger: on-site sessions (attendees picked by employee number or uploaded from a
sign-in sheet; saving credits them), annual requirements and credit hours for tests, and the
blank sign-in sheet's download address."""

from django import forms
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, HelpPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from people.models import Profile

from . import admin_views
from .models import AnnualRequirement, AssessmentCreditRule, CourseCompetence, OnsiteSession
from .services import onsite_session_credit
from .signin_sheet import SheetError, attendees_from_sheet


class OnsiteSessionForm(WagtailAdminModelForm):
    employee_numbers = forms.CharField(
        label=_("Attendees' employee numbers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line, or separated by commas or spaces."),
    )
    sign_in_sheet = forms.FileField(
        label=_("Sign-in sheet"),
        required=False,
        help_text=_("CSV or XLSX with an employee_number column. Any error rejects the sheet."),
    )

    def clean(self):
        cleaned = super().clean()
        users = []
        typed = [n for n in (cleaned.get("employee_numbers") or "").replace(",", " ").split() if n]
        if typed:
            found = {
                p.employee_number: p.user
                for p in Profile.objects.filter(employee_number__in=typed).select_related("user")
            }
            missing = [n for n in typed if n not in found]
            if missing:
                self.add_error(
                    "employee_numbers",
                    _("Nobody has these employee numbers: %(numbers)s.")
                    % {"numbers": ", ".join(missing)},
                )
            users += [found[n] for n in typed if n in found]
        sheet = cleaned.get("sign_in_sheet")
        if sheet:
            try:
                users += attendees_from_sheet(sheet)
            except SheetError as error:
                self.add_error("sign_in_sheet", error.problems)
        # Credited by the after-save hook below, through the ledger service.
        self.instance._attendees = users
        return cleaned


class OnsiteSessionViewSet(SnippetViewSet):
    model = OnsiteSession
    icon = "group"
    menu_label = _("On-site sessions")
    add_to_admin_menu = True
    menu_order = 320
    list_display = ["title", "date", "hours", "category", "location"]
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldPanel("date"),
            FieldPanel("hours"),
            FieldPanel("category"),
            FieldPanel("location"),
            FieldPanel("employee_numbers"),
            # The blank template to download, right above the field its filled-in copy goes to.
            HelpPanel(template="training/admin/signin_sheet_template_help.html"),
            FieldPanel("sign_in_sheet"),
        ],
        base_form_class=OnsiteSessionForm,
    )


class AnnualRequirementViewSet(SnippetViewSet):
    model = AnnualRequirement
    icon = "date"
    menu_label = _("Credit-hour requirements")
    list_display = ["__str__", "total_hours", "required_percent"]


class AssessmentCreditRuleViewSet(SnippetViewSet):
    model = AssessmentCreditRule
    icon = "pick"
    menu_label = _("Credit hours for tests")
    list_display = ["assessment", "hours", "category"]


register_snippet(OnsiteSessionViewSet)
register_snippet(AnnualRequirementViewSet)
register_snippet(AssessmentCreditRuleViewSet)


class CourseCompetenceViewSet(SnippetViewSet):
    """Which competences a course builds: the personal home recommends courses from these."""

    model = CourseCompetence
    icon = "tick"
    menu_label = _("Competences courses build")
    list_display = ["course", "competence", "level"]


register_snippet(CourseCompetenceViewSet)


def _credit_attendees(request, instance):
    if not isinstance(instance, OnsiteSession):
        return
    if instance.recorded_by_id is None:
        OnsiteSession.objects.filter(pk=instance.pk).update(recorded_by=request.user)
    users = getattr(instance, "_attendees", [])
    if users:
        onsite_session_credit(session=instance, users=users, recorded_by=request.user)


hooks.register("after_create_snippet", _credit_attendees)
hooks.register("after_edit_snippet", _credit_attendees)


@hooks.register("register_admin_urls")
def register_signin_sheet_url():
    return [
        path(
            "training/sign-in-sheet.<slug:fmt>",
            admin_views.signin_sheet_template,
            name="training_signin_sheet_template",
        ),
    ]
