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
from django.db.models import QuerySet, Sum

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


def requirement_lookup() -> callable:
    """A function (post_id, rank) -> (total, required) backed by one query for all rules."""
    by_post: dict[int, tuple[Decimal, Decimal]] = {}
    by_rank: dict[str, tuple[Decimal, Decimal]] = {}
    for rule in AnnualRequirement.objects.all():
        value = (rule.total_hours, rule.required_hours)
        if rule.post_id:
            by_post[rule.post_id] = value
        else:
            by_rank[rule.rank] = value
    default = _default_requirement()

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


def _summary(
    *, year: int, sums: dict[str, Decimal], requirement: tuple[Decimal, Decimal], fraction: Decimal
) -> CreditHoursSummary:
    required = sums.get(CreditCategory.REQUIRED, ZERO)
    elective = sums.get(CreditCategory.ELECTIVE, ZERO)
    total = required + elective
    req_total, req_required = requirement
    remaining = max(req_total - total, req_required - required, ZERO)
    expected = (req_total * fraction).quantize(Decimal("0.1"))
    expected_required = (req_required * fraction).quantize(Decimal("0.1"))
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
