"""The reviewer's side of the publish guard.

Approving the last review task publishes the course, and CoursePage.publish refuses a course whose
guide is incomplete (courses.models.pages). Wagtail's workflow-action view does not expect a
refusal there, so without this the reviewer got a server error. The approval runs in one
transaction, so when publish refuses nothing was approved; this turns the refusal into messages
that name what is missing, on the course's edit page, where the reviewer can request changes.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse

WORKFLOW_ACTION_VIEW = "wagtailadmin_pages:workflow_action"


class ReviewRefusalMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        match = getattr(request, "resolver_match", None)
        if not isinstance(exception, ValidationError) or match is None:
            return None
        if match.view_name != WORKFLOW_ACTION_VIEW:
            return None
        for message in exception.messages:
            messages.error(request, message)
        edit_url = reverse("wagtailadmin_pages:edit", args=[match.kwargs["page_id"]])
        if request.headers.get("x-requested-with") == "XMLHttpRequest":
            # The editor's approval modal: tell it to go where the messages are shown.
            from wagtail.admin.modal_workflow import render_modal_workflow

            return render_modal_workflow(
                request, "", None, {}, json_data={"step": "success", "redirect": edit_url}
            )
        return redirect(edit_url)
