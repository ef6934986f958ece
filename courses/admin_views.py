"""Admin views of the courses app: the content-health report and the reviewer's approval of a
course, which asks PublishCourseAction before Wagtail's workflow publishes."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from wagtail.admin.views.pages.workflow import WorkflowAction

from core.replicas import replica_reads

from . import selectors
from .actions import CoursePublishRefused, PublishCourseAction
from .models import CoursePage


@replica_reads
def content_health(request):
    """Gaps editors must close before learners notice: empty topics, incomplete guides, missing
    document files, empty lessons. Wagtail's admin URL wrapper already requires admin access."""
    return render(request, "courses/admin/content_health.html", selectors.content_health())


def approval_refusal(*, task_state, course, user) -> CoursePublishRefused | None:
    """The refusal approving `task_state` would meet, or None. Approval publishes only when it
    ends the workflow (no other active task left to pass); an earlier task's approval publishes
    nothing and is never refused."""
    if not isinstance(course, CoursePage):
        return None
    from wagtail.models import Task

    workflow_state = task_state.workflow_state
    tasks_after_this = (
        Task.objects.filter(workflow_tasks__workflow=workflow_state.workflow, active=True)
        .exclude(task_states__in=workflow_state.successful_task_states)
        .exclude(pk=task_state.task_id)
    )
    if tasks_after_this.exists():
        return None
    try:
        PublishCourseAction(course, user=user).check()
    except CoursePublishRefused as refusal:
        return refusal
    return None


class CourseWorkflowAction(WorkflowAction):
    """Wagtail's workflow-action view (the reviewer's Approve button and modal), asking the
    publish action first: an incomplete course is not approved, the review stays open and the
    reviewer reads what is missing on the course's edit page, where changes can be requested.
    Routed in place of Wagtail's view at the same address (config.urls)."""

    def post(self, request, *args, **kwargs):
        if self.action_name == "approve":
            refusal = approval_refusal(
                task_state=self.task_state,
                # Finishing the workflow publishes the latest revision (wagtail.workflows).
                course=self.object.get_latest_revision_as_object(),
                user=request.user,
            )
            if refusal is not None:
                for reason in refusal.reasons:
                    messages.error(request, reason)
                edit_url = reverse("wagtailadmin_pages:edit", args=[self.object.pk])
                if request.headers.get("x-requested-with") == "XMLHttpRequest":
                    # The editor's approval modal: send it to where the messages are shown.
                    return self.render_modal_json(
                        request, {"step": "success", "redirect": edit_url}
                    )
                return redirect(edit_url)
        return super().post(request, *args, **kwargs)
