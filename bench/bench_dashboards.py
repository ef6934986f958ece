"""My team for a unit of 5,000 people against the same page for a unit of 10, with a large ledger.

Subject: GET /manage/team/ as the manager of a division of 5,000 people (ctx.quick: 500).
Baseline: the same page, view and template for the manager of a division of 10 people, in the
same database. Both divisions sit in a database holding 1,000,000 rows of the data the page reads
(ctx.quick: 50,000): credit-hour ledger entries (80%) and competence level records (20%, the
heatmap's source), spread over all 5,010 people, plus one training assignment per person.
The page must cost the same number of queries for both (team numbers are aggregated in SQL with
the team as a subquery); the time ratio shows what the remaining per-person work costs (summing
hours and levels per person in Python for unit averages). Rows are generated with INSERT ...
SELECT (generate_series on PostgreSQL, a recursive CTE on SQLite) so setup takes seconds.
Meaningful on PostgreSQL; the vendor is in every row.
"""

from __future__ import annotations

import datetime as dt

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


def run(ctx: Context) -> list[Result]:
    big_n, rows = (500, 50_000) if ctx.quick else (5_000, 1_000_000)
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
    for unit, name in ((small, "mgr-small"), (big, "mgr-big")):
        manager = User.objects.create(username=name, full_name=name)
        role_grant(user=manager, role=Role.MANAGER, org_unit=unit)
        mfa_totp_enrol(user=manager, secret="JBSWY3DPEHPK3PXP")
        clients[unit.code] = ctx.client(manager)

    def get(code):
        def fn():
            response = clients[code].get("/manage/team/")
            if response.status_code != 200:
                raise BenchmarkError(f"My team answered {response.status_code}")
            return response

        return fn

    from dashboards.selectors import team_members

    for code, expected, marker in (
        ("bench-small", 10, b"BSMALL000009"),
        ("bench-big", big_n, b"BBIG000000"),
    ):
        manager = User.objects.get(username=f"mgr-{code.split('-')[1]}")
        if team_members(viewer=manager).count() != expected or marker not in get(code)().content:
            raise BenchmarkError(f"{code} does not show its {expected} people")
    repeat, warmup = (3, 1) if ctx.quick else (7, 2)
    return [
        Result(
            name=f"My team, {big_n} people",
            subject_seconds=ctx.median_seconds(get("bench-big"), repeat=repeat, warmup=warmup),
            baseline_name="My team, 10 people",
            baseline_seconds=ctx.median_seconds(get("bench-small"), repeat=repeat, warmup=warmup),
            queries=ctx.count_queries(get("bench-big")),
            baseline_queries=ctx.count_queries(get("bench-small")),
            extra={"rows": rows, "people": big_n + 10, "vendor": connection.vendor},
        )
    ]
