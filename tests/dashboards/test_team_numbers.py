"""The numbers My team and the platform view show (hours per person and per unit, who is behind,
competency cells and area averages, assignment progress and overdue in each person's zone) equal
a plain Python recomputation from the raw rows, for a randomised small team; and a manager's
numbers never include anyone outside their subtree."""

import datetime as dt
import random
from decimal import Decimal
from fractions import Fraction

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from core.clock import local_today, person_today
from courses.models import Enrolment
from dashboards import views
from people.models import Profile, Rank
from quizzes.models import Area, Competence, CompetenceLevelRecord, PostTarget
from tests.dashboards.conftest import make_admin
from tests.factories import OrgUnitFactory, PostFactory, ProfileFactory
from tests.factories import courses as course_factories
from tests.factories import ledger as ledger_factories
from training.models import AnnualRequirement, AssignmentTarget, CreditCategory, CreditHourEntry
from training.services import credit_hours_correct, training_assignment_create

pytestmark = pytest.mark.django_db

ZONES = ["Asia/Shanghai", "Pacific/Kiritimati", "Pacific/Pago_Pago", ""]


@pytest.fixture
def team(tree):
    """People in the manager's subtree (bureau, section, a sub-section) and outside it, with
    hours over three years (corrections included), levels, targets and assignments."""
    rng = random.Random(20261414)
    tree["sub"] = OrgUnitFactory(name="子科室", code="sub", parent=tree["section"])
    posts = [PostFactory(name=f"数据岗{i}") for i in range(3)]
    AnnualRequirement.objects.create(
        post=posts[0], total_hours=Decimal("12.5"), required_percent=40
    )
    AnnualRequirement.objects.create(rank=Rank.CLERK, total_hours=Decimal("8"), required_percent=50)
    competences = list(Competence.objects.order_by("pk")[:12])
    for post in posts[:2]:
        for competence in rng.sample(competences, 6):
            PostTarget.objects.create(post=post, competence=competence, level=rng.randint(1, 4))
    admin = make_admin()
    year = local_today().year
    # The year's edges and the neighbouring years: only the current year's entries count.
    edges = [dt.date(year - 1, 12, 31), dt.date(year, 1, 1), dt.date(year, 6, 30)]
    edges += [dt.date(year, 12, 31), dt.date(year + 1, 1, 1)]
    people = []
    for _ in range(22):
        unit = rng.choice([tree["bureau"], tree["section"], tree["sub"], tree["sibling"]])
        profile = ProfileFactory(
            org_unit=unit,
            post=rng.choice([*posts, None]),
            rank=rng.choice([Rank.CLERK, Rank.STAFF_1, ""]),
            time_zone=rng.choice(ZONES),
        )
        for _ in range(rng.randint(0, 6)):
            entry = ledger_factories.entry(
                profile.user,
                str(Decimal(rng.randint(1, 40)) / 10),
                category=rng.choice(CreditCategory.values),
                earned_on=rng.choice(edges),
            )
            if rng.random() < 0.3:
                credit_hours_correct(
                    entry=entry,
                    hours=-Decimal(rng.randint(1, int(entry.hours * 10))) / 10,
                    reason="录入有误",
                    recorded_by=admin,
                    category=rng.choice([None, *CreditCategory.values]),
                )
        for _ in range(rng.randint(0, 8)):
            CompetenceLevelRecord.objects.create(
                user=profile.user,
                competence=rng.choice(competences),
                level=rng.randint(1, 4),
                achieved_at=timezone.now(),
            )
        people.append(profile)
    # Enough hours in total but too few required ones: behind, whatever the draw above gave.
    elective_only = ProfileFactory(org_unit=tree["section"], post=None, rank=Rank.CLERK)
    ledger_factories.entry(elective_only.user, "10", earned_on=dt.date(year, 1, 1))
    people.append(elective_only)
    courses = [course_factories.course(lessons=1) for _ in range(2)]
    # Due yesterday in Pago Pago: overdue for some zones only (Kiritimati is a day or two ahead).
    zone_edge = person_today(time_zone="Pacific/Pago_Pago")
    for course, due in zip(courses, [zone_edge, dt.date(2020, 1, 10)], strict=True):
        training_assignment_create(
            assigned_by=admin,
            course=course,
            users=[p.user for p in people],
            due_date=due,
            now=dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
        )
        for profile in rng.sample(people, 8):
            Enrolment.objects.create(
                user=profile.user,
                course=course,
                status=Enrolment.Status.COMPLETED,
                enrolled_at=timezone.now(),
                completed_at=timezone.now(),
            )
    return people


# --- the plain recomputation ------------------------------------------------------------------


def _requirement(profile):
    rule = (
        AnnualRequirement.objects.filter(post=profile.post_id).first() if profile.post_id else None
    )
    rule = rule or AnnualRequirement.objects.filter(rank=profile.rank or "-").first()
    if rule:
        return rule.total_hours, rule.required_hours
    total = Decimal(str(getattr(settings, "CREDIT_HOURS_ANNUAL_DEFAULT", 90)))
    return total, total * getattr(settings, "CREDIT_HOURS_REQUIRED_PERCENT_DEFAULT", 50) / 100


def _hours(profile, year):
    today = local_today()
    total = required = Decimal("0")
    for entry in CreditHourEntry.objects.filter(user=profile.user):
        if entry.earned_on.year == year:
            total += entry.hours
            if entry.category == CreditCategory.REQUIRED:
                required += entry.hours
    need_total, need_required = _requirement(profile)
    start = dt.date(year, 1, 1)
    days = (dt.date(year + 1, 1, 1) - start).days
    share = Decimal((today - start).days + 1) / Decimal(days)
    met = total >= need_total and required >= need_required
    ahead = total >= (need_total * share).quantize(Decimal("0.1")) and required >= (
        need_required * share
    ).quantize(Decimal("0.1"))
    status = "met" if met else ("on_track" if ahead else "behind")
    return {"total": total, "required": required, "need": need_total, "status": status}


def _competency(profile, areas):
    best = {}
    for record in CompetenceLevelRecord.objects.filter(user=profile.user):
        best[record.competence_id] = max(best.get(record.competence_id, 0), record.level)
    wanted = {t.competence_id: t.level for t in PostTarget.objects.filter(post=profile.post_id)}
    cells = []
    for area in areas:
        ids = list(area.competences.values_list("pk", flat=True))
        cells.append(
            {
                "level": Fraction(sum(best.get(c, 0) for c in ids), len(ids)),
                "target": Fraction(sum(wanted.get(c, 0) for c in ids), len(ids)),
                "gaps": sum(1 for c in ids if best.get(c, 0) < wanted.get(c, 0)),
            }
        )
    return cells


def _expected(people):
    year = local_today().year
    areas = [a for a in Area.objects.all() if a.competences.exists()]
    per_person = {p.user_id: _hours(p, year) for p in people}
    units = {}
    for p in people:
        row = units.setdefault(
            p.org_unit.name, {"people": 0, "hours": 0, "required": 0, "met": 0, "behind": 0}
        )
        h = per_person[p.user_id]
        row["people"] += 1
        row["hours"] += h["total"]
        row["required"] += h["need"]
        row["met"] += h["status"] == "met"
        row["behind"] += h["status"] == "behind"
    cells = {p.user_id: _competency(p, areas) for p in people}
    averages = {
        area.pk: {
            "level": round(float(sum(cells[u][i]["level"] for u in cells) / len(people)), 1),
            "target": round(float(sum(cells[u][i]["target"] for u in cells) / len(people)), 1),
            "people_with_gaps": sum(1 for u in cells if cells[u][i]["gaps"]),
        }
        for i, area in enumerate(areas)
    }
    assignments = {}
    overdue = set()
    for target in AssignmentTarget.objects.filter(user__in=[p.user for p in people]):
        course = target.assignment.course
        done = Enrolment.objects.filter(
            user=target.user, course=course, status=Enrolment.Status.COMPLETED
        ).exists()
        late = not done and target.assignment.due_date < person_today(
            time_zone=target.user.profile.time_zone
        )
        row = assignments.setdefault(target.assignment_id, {"people": 0, "done": 0, "overdue": 0})
        row["people"] += 1
        row["done"] += done
        row["overdue"] += late
        if late:
            overdue.add(target.pk)
    return per_person, units, cells, areas, averages, assignments, overdue


# --- the pages ---------------------------------------------------------------------------------


def _pages(client, url, **params):
    """Every page of the view; the context of the first and the rows of all."""
    first = client.get(url, params)
    assert first.status_code == 200
    rows = []
    for number in first.context["page"].paginator.page_range:
        rows += client.get(url, {**params, "page": number}).context["rows"]
    return first.context, rows


def _assert_numbers(context, rows, people):
    per_person, units, cells, areas, averages, assignments, overdue = _expected(people)
    assert sorted(r["profile"].user_id for r in rows) == sorted(per_person)
    for row in rows:
        want, got = per_person[row["profile"].user_id], row["hours"]
        assert (got.total, got.required, got.status) == (
            want["total"],
            want["required"],
            want["status"],
        )
        want_cells = cells[row["profile"].user_id]
        shown = {a.pk: c for a, c in zip(context["competency"]["areas"], row["cells"], strict=True)}
        for area, want_cell in zip(areas, want_cells, strict=True):
            assert shown[area.pk] == {
                "level": round(float(want_cell["level"]), 1),
                "target": round(float(want_cell["target"]), 1),
                "gaps": want_cell["gaps"],
            }
    hours = context["hours"]
    got_units = {
        u["name"]: {k: u[k] for k in ("people", "hours", "required", "met", "behind")}
        for u in hours["units"]
    }
    assert got_units == units
    for u in hours["units"]:
        assert u["average"] == round(units[u["name"]]["hours"] / units[u["name"]]["people"], 1)
    assert hours["behind_count"] == sum(u["behind"] for u in units.values())
    got_averages = {
        avg["area"].pk: {k: avg[k] for k in ("level", "target", "people_with_gaps")}
        for avg in context["competency"]["averages"]
        if avg["area"].pk in averages
    }
    assert got_averages == averages
    got_assignments = {
        a["assignment"].pk: {k: a[k] for k in ("people", "done", "overdue")}
        for a in context["assignments"]["assignments"]
    }
    assert got_assignments == assignments
    assert {r.target.pk for r in context["assignments"]["overdue"]} == overdue
    assert context["assignments"]["overdue_count"] == len(overdue)
    assert context["assignments"]["total"] == sum(a["people"] for a in assignments.values())
    assert context["assignments"]["done"] == sum(a["done"] for a in assignments.values())


def test_my_team_numbers_equal_a_python_recomputation_over_the_subtree_only(
    client, tree, manager, team, monkeypatch
):
    monkeypatch.setattr(views, "PAGE_SIZE", 4)  # several pages: unit totals still cover all
    inside = [p for p in team if p.org_unit.path.startswith(tree["bureau"].path)]
    outside = [p for p in team if p not in inside]
    assert inside and outside
    client.force_login(manager)
    context, rows = _pages(client, reverse("dashboards:my_team"))
    _assert_numbers(context, rows, inside)
    assert not {u["name"] for u in context["hours"]["units"]} & {"市政务服务中心"}
    shown = {r["profile"].user_id for r in rows} | set(context["hours"]["summaries"])
    assert not shown & {p.user_id for p in outside}


def test_platform_numbers_equal_a_python_recomputation_over_everyone(client, tree, team):
    client.force_login(make_admin())
    context, rows = _pages(client, reverse("dashboards:platform"))
    _assert_numbers(context, rows, list(Profile.objects.filter(user__is_active=True)))


def test_unit_filter_narrows_every_number_to_that_unit(client, tree, manager, team):
    client.force_login(manager)
    context, rows = _pages(client, reverse("dashboards:my_team"), unit="section")
    section = [p for p in team if p.org_unit.path.startswith(tree["section"].path)]
    _assert_numbers(context, rows, section)
