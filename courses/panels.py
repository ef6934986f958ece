"""Edit-page panels of the courses admin."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel


class PublishCheckPanel(Panel):
    """Shows on the course edit page what PublishCourseAction would refuse, so the expert sees the
    gaps while writing and the reviewer before approving. The panel asks the action; it holds no
    rule of its own."""

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("Ready to publish?"))
        super().__init__(**kwargs)

    @property
    def clean_name(self):
        return super().clean_name or "publish_check"

    class BoundPanel(Panel.BoundPanel):
        template_name = "courses/admin/publish_check_panel.html"

        def get_context_data(self, parent_context=None):
            from .actions import PublishCourseAction

            context = super().get_context_data(parent_context)
            context["reasons"] = PublishCourseAction(
                self.instance, user=self.request.user
            ).reasons()
            return context
