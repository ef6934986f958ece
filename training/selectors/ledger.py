"""Reads of the credit-hour ledger: a person's entries and totals for a year against their annual
requirement, one by one or for a whole team in a fixed number of queries.

Re-exported from training.selectors; certificates (the annual transcript) and dashboards use these.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import connections
from django.db.models import (
    Case,
    DecimalField,
    F,
    FilteredRelation,
    IntegerField,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Round

from core.clock import local_today
from people.models import Profile

from ..models import AnnualRequirement, CreditCategory, CreditHourEntry

ZERO = Decimal("0")


@dataclass(frozen=True)
class CreditHoursSummary:
    """A person's hours in one year against their requirement. `on_track` compares with the
    share of the year gone by (the whole requirement for a past year)."""

    year: int
    total: Decimal
    required: Decimal
    elective: Decimal
    requirement_total: Decimal
    requirement_required: Decimal
    remaining: Decimal
    expected_by_now: Decimal
    on_track: bool

    @property
    def met(self) -> bool:
        return self.remaining == ZERO

    @property
    def status(self) -> str:
        """ "met", "on_track" or "behind", for tables and exports."""
        if self.met:
            return "met"
        return "on_track" if self.on_track else "behind"

    @property
    def percent(self) -> int:
        if not self.requirement_total:
            return 100
        return min(100, int(100 * self.total / self.requirement_total))


def _year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year + 1, 1, 1)


def credit_hour_entries_for_year(*, user, year: int) -> QuerySet[CreditHourEntry]:
    """Every ledger entry of `user` earned in calendar `year` (China Standard Time), corrections
    included, oldest first."""
    start, end = _year_bounds(year)
    return (
        CreditHourEntry.objects.filter(user=user, earned_on__gte=start, earned_on__lt=end)
        .select_related("corrects", "recorded_by")
        .order_by("earned_on", "pk")
    )


def _default_requirement() -> tuple[Decimal, Decimal]:
    total = Decimal(str(getattr(settings, "CREDIT_HOURS_ANNUAL_DEFAULT", 90)))
    percent = int(getattr(settings, "CREDIT_HOURS_REQUIRED_PERCENT_DEFAULT", 50))
    return total, (total * percent / 100).quantize(Decimal("0.1"))


def _requirement_rules() -> tuple[dict, dict, tuple[Decimal, Decimal]]:
    """(total, required) by post id, by rank, and the platform default: one query."""
    by_post: dict[int, tuple[Decimal, Decimal]] = {}
    by_rank: dict[str, tuple[Decimal, Decimal]] = {}
    for rule in AnnualRequirement.objects.all():
        value = (rule.total_hours, rule.required_hours)
        if rule.post_id:
            by_post[rule.post_id] = value
        else:
            by_rank[rule.rank] = value
    return by_post, by_rank, _default_requirement()


def requirement_lookup() -> callable:
    """A function (post_id, rank) -> (total, required) backed by one query for all rules."""
    by_post, by_rank, default = _requirement_rules()

    def lookup(post_id: int | None, rank: str | None) -> tuple[Decimal, Decimal]:
        if post_id in by_post:
            return by_post[post_id]
        return by_rank.get(rank or "", default)

    return lookup


def _year_fraction(year: int, today: dt.date) -> Decimal:
    start, end = _year_bounds(year)
    if today >= end:
        return Decimal(1)
    if today < start:
        return ZERO
    return Decimal((today - start).days + 1) / Decimal((end - start).days)


def _expected(requirement: tuple[Decimal, Decimal], fraction: Decimal) -> tuple[Decimal, Decimal]:
    """Total and required hours expected by now: the requirement times the share of the year."""
    req_total, req_required = requirement
    return (
        (req_total * fraction).quantize(Decimal("0.1")),
        (req_required * fraction).quantize(Decimal("0.1")),
    )


def _summary(
    *, year: int, sums: dict[str, Decimal], requirement: tuple[Decimal, Decimal], fraction: Decimal
) -> CreditHoursSummary:
    required = sums.get(CreditCategory.REQUIRED, ZERO)
    elective = sums.get(CreditCategory.ELECTIVE, ZERO)
    total = required + elective
    req_total, req_required = requirement
    remaining = max(req_total - total, req_required - required, ZERO)
    expected, expected_required = _expected(requirement, fraction)
    return CreditHoursSummary(
        year=year,
        total=total,
        required=required,
        elective=elective,
        requirement_total=req_total,
        requirement_required=req_required,
        remaining=remaining,
        expected_by_now=expected,
        on_track=remaining == ZERO or (total >= expected and required >= expected_required),
    )


def credit_hours_summaries(
    *, profiles: QuerySet[Profile] | Iterable[Profile], year: int, today: dt.date | None = None
) -> dict[int, CreditHoursSummary]:
    """Summaries keyed by user id for many people: three queries whatever the team size (sums are
    grouped in SQL). Pass a queryset for big teams; it is used as a subquery, not a list of ids."""
    today = today or local_today()
    start, end = _year_bounds(year)
    if isinstance(profiles, QuerySet):
        people = list(profiles.order_by().values_list("user_id", "post_id", "rank"))
        user_filter = {"user_id__in": profiles.order_by().values("user_id")}
    else:
        people = [(p.user_id, p.post_id, p.rank) for p in profiles]
        user_filter = {"user_id__in": [row[0] for row in people]}
    sums: dict[int, dict[str, Decimal]] = {}
    if people:
        rows = (
            CreditHourEntry.objects.filter(earned_on__gte=start, earned_on__lt=end, **user_filter)
            .order_by()
            .values("user_id", "category")
            .annotate(hours=Sum("hours"))
        )
        for row in rows:
            sums.setdefault(row["user_id"], {})[row["category"]] = row["hours"]
    lookup = requirement_lookup()
    fraction = _year_fraction(year, today)
    return {
        user_id: _summary(
            year=year,
            sums=sums.get(user_id, {}),
            requirement=lookup(post_id, rank),
            fraction=fraction,
        )
        for user_id, post_id, rank in people
    }


def credit_hours_summary(*, user, year: int, today: dt.date | None = None) -> CreditHoursSummary:
    """One person's hours in `year` (total, required, elective) against their requirement."""
    today = today or local_today()
    profile = Profile.objects.filter(user=user).only("user_id", "post_id", "rank").first()
    start, end = _year_bounds(year)
    rows = (
        CreditHourEntry.objects.filter(user=user, earned_on__gte=start, earned_on__lt=end)
        .order_by()
        .values("category")
        .annotate(hours=Sum("hours"))
    )
    sums = {row["category"]: row["hours"] for row in rows}
    lookup = requirement_lookup()
    requirement = lookup(profile.post_id, profile.rank) if profile else _default_requirement()
    return _summary(
        year=year, sums=sums, requirement=requirement, fraction=_year_fraction(year, today)
    )


def _as_decimal(value) -> Decimal:
    """A summed hours value as the ledger's one-decimal Decimal (SQLite sums numbers as floats)."""
    if value is None:
        return ZERO
    if isinstance(value, float):
        value = repr(round(value, 1))
    return Decimal(value).quantize(Decimal("0.1"))


def _per_person_requirement(
    by_post: dict, by_rank: dict, default: tuple, fraction: Decimal
) -> list[Case]:
    """Four SQL expressions giving each person's requirement (total, required) and what is
    expected of them by now (total, required): post rule first, then rank, then the default.
    The expected values are computed here, in Decimal, exactly as for one person."""

    def terms(requirement: tuple[Decimal, Decimal]) -> tuple[Decimal, ...]:
        return (*requirement, *_expected(requirement, fraction))

    # Posts sharing one rule share one WHEN, so the expression grows with distinct rules only.
    posts_by_terms: dict[tuple, list[int]] = {}
    for post_id, requirement in by_post.items():
        posts_by_terms.setdefault(terms(requirement), []).append(post_id)
    ranks = [(rank, terms(requirement)) for rank, requirement in by_rank.items()]
    fallback = terms(default)
    output = DecimalField(max_digits=8, decimal_places=1)
    return [
        Case(
            *[When(post_id__in=ids, then=Value(t[i])) for t, ids in posts_by_terms.items()],
            *[When(rank=rank, then=Value(t[i])) for rank, t in ranks],
            default=Value(fallback[i]),
            output_field=output,
        )
        for i in range(4)
    ]


def credit_hours_by_unit(
    *, profiles: QuerySet[Profile], year: int, today: dt.date | None = None
) -> dict[int, dict]:
    """Per org unit of `profiles` (keyed by unit id): its name, people, hours earned in `year`, hours
    required of them, and how many met the requirement or are behind it. One grouped query
    whatever the team size: each person's sums and status are computed in SQL, then grouped."""
    today = today or local_today()
    start, end = _year_bounds(year)
    by_post, by_rank, default = _requirement_rules()
    fraction = _year_fraction(year, today)
    req_total, req_required, expected, expected_required = _per_person_requirement(
        by_post, by_rank, default, fraction
    )
    hours = DecimalField(max_digits=12, decimal_places=1)
    # The year's entries joined in the ON clause, so people without hours stay in (LEFT JOIN).
    in_year = FilteredRelation(
        "user__credit_hour_entries",
        condition=Q(
            user__credit_hour_entries__earned_on__gte=start,
            user__credit_hour_entries__earned_on__lt=end,
        ),
    )
    # Sums rounded to the ledger's precision so SQLite's float sums compare like Decimals.
    per_person = (
        profiles.order_by()
        .annotate(year_entries=in_year)
        .values("pk")
        .annotate(
            unit_id=F("org_unit_id"),
            unit_name=F("org_unit__name"),
            total=Coalesce(Round(Sum("year_entries__hours"), 1), Value(ZERO), output_field=hours),
            required=Coalesce(
                Round(
                    Sum(
                        "year_entries__hours",
                        filter=Q(year_entries__category=CreditCategory.REQUIRED),
                    ),
                    1,
                ),
                Value(ZERO),
                output_field=hours,
            ),
            requirement=req_total,
        )
        .annotate(
            met=Case(
                When(Q(total__gte=req_total) & Q(required__gte=req_required), then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
            behind=Case(
                When(Q(total__gte=req_total) & Q(required__gte=req_required), then=Value(0)),
                When(Q(total__gte=expected) & Q(required__gte=expected_required), then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
        )
    )
    sql, params = per_person.query.sql_with_params()
    # Django cannot group the rows of an aggregated queryset again; the per-person query is
    # wrapped as a derived table (its SQL and parameters come from the ORM, nothing is pasted in).
    grouped = (
        "SELECT person.unit_id, person.unit_name, COUNT(*), SUM(person.total),"  # noqa: S608
        " SUM(person.requirement), SUM(person.met), SUM(person.behind)"
        f" FROM ({sql}) person GROUP BY person.unit_id, person.unit_name"
    )
    with connections[per_person.db].cursor() as cursor:
        cursor.execute(grouped, params)
        rows = cursor.fetchall()
    return {
        unit_id: {
            "name": name,
            "people": people,
            "hours": _as_decimal(total),
            "required": _as_decimal(requirement),
            "met": int(met),
            "behind": int(behind),
        }
        for unit_id, name, people, total, requirement, met, behind in rows
    }
