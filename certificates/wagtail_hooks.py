"""The certificates part of the Wagtail admin: certificates (revoke, reissue), rules per course or
test, bulk issue, design previews."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.admin.widgets import ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from core.admin_menu import ShownToMenuItem

from . import admin_views
from .models import Certificate, CertificateRule


class CertificateViewSet(SnippetViewSet):
    model = Certificate
    icon = "doc-full"
    menu_label = _("Certificates")
    list_display = ["serial", "holder", "title", "kind", "issued_at", "status"]
    list_filter = ["kind", "status", "design"]
    search_fields = ["serial", "title"]
    list_per_page = 50
    inspect_view_enabled = True
    inspect_view_fields = [
        "serial",
        "holder",
        "kind",
        "title",
        "credit_hours",
        "issuer",
        "issued_at",
        "expires_at",
        "status",
        "revoked_at",
        "revoked_reason",
        "revoked_by",
        "replaces",
        "design",
    ]
    # Certificates are issued by services and changed only by revoke/reissue, never edited.
    add_to_admin_menu = False
    copy_view_enabled = False

    def get_queryset(self, request):
        return Certificate.objects.select_related("holder")

    panels = [FieldPanel("revoked_reason", read_only=True)]


class CertificateRuleViewSet(SnippetViewSet):
    model = CertificateRule
    icon = "cog"
    menu_label = _("Certificate rules")
    list_display = ["__str__", "design", "valid_for_months", "issuer"]
    panels = [
        FieldPanel("course"),
        FieldPanel("assessment"),
        FieldPanel("design"),
        FieldPanel("valid_for_months"),
        FieldPanel("issuer"),
    ]

    def get_queryset(self, request):
        return CertificateRule.objects.select_related("course", "assessment")


class CertificatesGroup(SnippetViewSetGroup):
    menu_label = _("Certificates")
    menu_icon = "doc-full"
    menu_order = 280
    items = (CertificateViewSet, CertificateRuleViewSet)


register_snippet(CertificatesGroup)


@hooks.register("register_snippet_listing_buttons")
def certificate_listing_buttons(snippet, user, next_url=None):
    if not isinstance(snippet, Certificate):
        return
    if not user.has_perm("certificates.change_certificate"):
        return
    if snippet.pdf:
        yield ListingButton(
            _("Download PDF"), reverse("certificates_pdf", args=[snippet.pk]), priority=9
        )
    if snippet.status == "revoked":
        return
    yield ListingButton(_("Revoke"), reverse("certificates_revoke", args=[snippet.pk]), priority=10)
    yield ListingButton(
        _("Reissue"), reverse("certificates_reissue", args=[snippet.pk]), priority=11
    )


@hooks.register("register_admin_urls")
def register_certificate_urls():
    return [
        path("certificates/<int:pk>/revoke/", admin_views.revoke, name="certificates_revoke"),
        path(
            "certificates/<int:pk>/reissue/",
            admin_views.revoke,
            {"reissue": True},
            name="certificates_reissue",
        ),
        path("certificates/<int:pk>/pdf/", admin_views.certificate_pdf, name="certificates_pdf"),
        path("certificates/bulk/", admin_views.bulk_list, name="certificates_bulk_list"),
        path(
            "certificates/bulk/<int:pk>/", admin_views.bulk_detail, name="certificates_bulk_detail"
        ),
        path(
            "certificates/bulk/<int:pk>/archive/",
            admin_views.bulk_archive,
            name="certificates_bulk_archive",
        ),
        path(
            "certificates/designs/<str:design>/preview/",
            admin_views.design_preview,
            name="certificates_design_preview",
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_bulk_issue_menu_item():
    return ShownToMenuItem(
        _("Issue certificates"),
        reverse("certificates_bulk_list"),
        shown_to="certificates.add_bulkissue",
        icon_name="doc-full-inverse",
        order=285,
    )
