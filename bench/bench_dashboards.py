"""My team for a unit of 5,000 people, and the platform view over 50,000, against My team for a
unit of 10, with a large ledger.

Subjects: GET /manage/team/ as the manager of a division of 5,000 people (ctx.quick: 500), and
GET /manage/platform/ as a platform admin, who sees everyone: 50,000 people (ctx.quick: 5,000; a
third unit, added after the first My team row, holds the people beyond the two divisions; My team
is then measured again with them in the database). Baseline: My team (the same view and
template) for the manager of a division of 10 people, in the same database. The divisions sit in a
database holding 1,000,000 rows of the data the pages read (ctx.quick: 50,000): credit-hour ledger
entries (80%) and competence level records (20%, the heatmap's source), spread over the two
divisions' 5,010 people. The platform view reads the same rows plus everyone else's (none
beyond the divisions: its cost is the number of people).
The pages must cost the same number of queries for all three (team numbers are aggregated in SQL
with the team as a subquery, and one page of 50 people is shown); the time ratio shows what the
remaining per-person work costs. Rows are generated with INSERT ... SELECT (generate_series on
PostgreSQL, a recursive CTE on SQLite) and people with bulk inserts, so setup takes minutes.
Subject and baseline are timed in alternation, so load elsewhere on the machine falls on both.
Meaningful on PostgreSQL; the vendor is in every row.
"""

from __future__ import annotations

import datetime as dt
import statistics

from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

from bench.harness import BenchmarkError, Context, Result
from people.models import OrgUnit, Profile, Role
from people.services import org_unit_create, role_grant


def _people(unit: OrgUnit, n: int, prefix: str) -> list[int]:
    User = get_user_model()
    users = User.objects.bulk_create(
        [User(username=f"{prefix}{i}", full_name=f"{prefix}{i}", password="!") for i in range(n)]
    )
    Profile.objects.bulk_create(
        [
            Profile(user=u, employee_number=f"{prefix.upper()}{i:06d}", org_unit=unit)
            for i, u in enumerate(users)
        ]
    )
    return [u.pk for u in users]


def _series(n: int) -> str:
    if connection.vendor == "postgresql":
        return f"SELECT generate_series(0, {n - 1}) AS x"
    return f"WITH RECURSIVE s(x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM s WHERE x < {n - 1}) SELECT x FROM s"  # noqa: S608


def _fill(user_ids: list[int], rows: int) -> None:
    ids = sorted(user_ids)
    if ids[-1] - ids[0] + 1 != len(ids):
        raise BenchmarkError("bench users are not contiguous; cannot spread rows by arithmetic")
    first, n = ids[0], len(ids)
    ledger_rows, level_rows = rows * 4 // 5, rows // 5
    year = timezone.localdate().year
    now = timezone.now().isoformat()
    from quizzes.models import Competence

    competences = list(Competence.objects.values_list("pk", flat=True))
    if not competences:
        raise BenchmarkError("no competence framework loaded")
    c_first, c_n = min(competences), len(competences)
    if max(competences) - c_first + 1 != c_n:
        raise BenchmarkError("competence ids are not contiguous")
    # Only integers computed here are formatted into the SQL; values go as parameters.
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO training_credithourentry (user_id, source_kind, source_key, source_title,"  # noqa: S608
            " hours, category, earned_on, recorded_at, reason) "
            f"SELECT {first} + (x %% {n}), 'onsite_session', 'bench:' || x, 'bench', 0.5,"
            " CASE WHEN x %% 2 = 0 THEN 'required' ELSE 'elective' END, %s, %s, '' "
            f"FROM ({_series(ledger_rows)}) AS series",  # noqa: RUF100, S608
            [dt.date(year, 1, 1) + dt.timedelta(days=0), now],
        )
        cursor.execute(
            "INSERT INTO quizzes_competencelevelrecord (user_id, competence_id, level, achieved_at) "  # noqa: S608
            f"SELECT {first} + (x %% {n}), {c_first} + (x %% {c_n}), 1 + (x %% 4), %s "
            f"FROM ({_series(level_rows)}) AS series",  # noqa: RUF100, S608
            [now],
        )


def _analyze() -> None:
    # A live database's autovacuum analyzes bulk-loaded tables within a minute; the bench measures
    # right after loading, and without statistics PostgreSQL plans the team sums over the whole
    # ledger with guessed row counts (seconds instead of tenths). SQLite has nothing to refresh.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def run(ctx: Context) -> list[Result]:
    big_n, rows, everyone = (500, 50_000, 5_000) if ctx.quick else (5_000, 1_000_000, 50_000)
    root = org_unit_create(
        parent=None, name="基准", code="bench-root", kind=OrgUnit.Kind.DEPARTMENT
    )
    small = org_unit_create(
        parent=root, name="小处室", code="bench-small", kind=OrgUnit.Kind.DIVISION
    )
    big = org_unit_create(parent=root, name="大部门", code="bench-big", kind=OrgUnit.Kind.DIVISION)
    user_ids = _people(small, 10, "bsmall") + _people(big, big_n, "bbig")
    _fill(user_ids, rows)
    User = get_user_model()
    from trust.services import mfa_totp_enrol

    clients = {}
    for unit, name, role in (
        (small, "mgr-small", Role.MANAGER),
        (big, "mgr-big", Role.MANAGER),
        (None, "mgr-platform", Role.PLATFORM_ADMIN),
    ):
        manager = User.objects.create(username=name, full_name=name)
        role_grant(user=manager, role=role, org_unit=unit)
        mfa_totp_enrol(user=manager, secret="JBSWY3DPEHPK3PXP")
        clients[name] = ctx.client(manager)

    def get(name, url="/manage/team/"):
        def fn():
            response = clients[name].get(url)
            if response.status_code != 200:
                raise BenchmarkError(f"{url} answered {response.status_code} for {name}")
            return response

        return fn

    from dashboards.selectors import team_members

    def row(label, name, url, people, total):
        repeat, warmup = (3, 1) if ctx.quick else (7, 2)
        subject, baseline = ctx.paired_samples(
            get(name, url), get("mgr-small"), repeat=repeat, warmup=warmup
        )
        return Result(
            name=label,
            subject_seconds=statistics.median(subject),
            baseline_name="My team, 10 people",
            baseline_seconds=statistics.median(baseline),
            queries=ctx.count_queries(get(name, url)),
            baseline_queries=ctx.count_queries(get("mgr-small")),
            extra={
                "rows": rows,
                "people": people,
                "people_in_database": total,
                "vendor": connection.vendor,
            },
        )

    def check(name, url, expected, marker):
        manager = User.objects.get(username=name)
        if (
            team_members(viewer=manager).count() != expected
            or marker not in get(name, url)().content
        ):
            raise BenchmarkError(f"{name} does not see its {expected} people on {url}")

    check("mgr-small", "/manage/team/", 10, b"BSMALL000009")
    check("mgr-big", "/manage/team/", big_n, b"BBIG000000")
    _analyze()
    total = Profile.objects.filter(user__is_active=True).count()
    results = [row(f"My team, {big_n} people", "mgr-big", "/manage/team/", big_n, total)]
    # Then the rest of the province: the platform view sees everyone, and My team is measured
    # again, now that its people are a tenth of the database.
    rest = org_unit_create(parent=root, name="其余", code="bench-rest", kind=OrgUnit.Kind.DIVISION)
    for start in range(0, max(0, everyone - total), 5_000):
        _people(rest, min(5_000, everyone - total - start), f"brest{start}-")
    _analyze()
    total = Profile.objects.filter(user__is_active=True).count()
    if total < everyone:
        raise BenchmarkError(f"The platform view has {total} people, fewer than {everyone}.")
    check("mgr-platform", "/manage/platform/", total, b"BBIG000000")
    results.append(
        row(f"platform view, {total} people", "mgr-platform", "/manage/platform/", total, total)
    )
    results.append(
        row(f"My team, {big_n} of {total} people", "mgr-big", "/manage/team/", big_n, total)
    )
    return results
