"""My team: managers see their own unit's subtree, nobody else's."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from people.selectors import managed_unit_paths

from .selectors import team_members, team_units


@login_required
def my_team(request):
    paths = managed_unit_paths(user=request.user)
    if paths == []:
        raise Http404  # Not a manager: the page does not exist for them.
    units = list(team_units(viewer=request.user))
    selected = None
    unit_code = request.GET.get("unit")
    if unit_code:
        selected = next((unit for unit in units if unit.code == unit_code), None)
        if selected is None:
            raise Http404
    page = Paginator(team_members(viewer=request.user, unit=selected), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request, "dashboards/my_team.html", {"units": units, "selected": selected, "page": page}
    )
