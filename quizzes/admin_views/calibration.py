"""The item calibration screen: start a calibration of the bank (a background task), follow its
progress, and see how much of each area is calibrated."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ..irt.calibrate import min_responses
from ..models import CalibrationRun
from ..selectors.calibration import calibration_overview
from ..services import calibration_start


@permission_required("quizzes.change_question", raise_exception=True)
def calibration_index(request):
    if request.method == "POST":
        if CalibrationRun.objects.exclude(status__in=CalibrationRun.FINISHED).exists():
            messages.error(request, _("A calibration is already queued or running; wait for it."))
        else:
            calibration_start(user=request.user)
            messages.success(request, _("Calibration queued. This page shows its progress."))
        return redirect("quizzes_calibration")
    overview = calibration_overview()
    return render(
        request,
        "quizzes/admin/calibration.html",
        {**overview, "min_responses": min_responses()},
    )
