"""Demo org tree and accounts. Every account uses settings.DEMO_PASSWORD."""

from django.conf import settings

from people.models import OrgUnit, Rank, Role
from people.services import (
    org_unit_create,
    person_upsert,
    post_get_or_create,
    roles_set,
    roles_sync_groups,
)

# (code, name, English name, kind, parent code)
UNITS = [
    ("gov-office", "市政府办公室", "Municipal Government Office", OrgUnit.Kind.DEPARTMENT, None),
    ("data-bureau", "市数据局", "Municipal Data Bureau", OrgUnit.Kind.DIVISION, "gov-office"),
    ("data-resources", "数据资源处", "Data Resources Section", OrgUnit.Kind.SECTION, "data-bureau"),
    (
        "digital-services",
        "数字政务处",
        "Digital Government Section",
        OrgUnit.Kind.SECTION,
        "data-bureau",
    ),
    ("cyber-security", "网络安全处", "Cybersecurity Section", OrgUnit.Kind.SECTION, "data-bureau"),
    (
        "service-center",
        "市政务服务中心",
        "Government Service Center",
        OrgUnit.Kind.DIVISION,
        "gov-office",
    ),
    (
        "one-stop-window",
        "综合窗口处",
        "One-Stop Window Section",
        OrgUnit.Kind.SECTION,
        "service-center",
    ),
    (
        "approvals",
        "审批协调处",
        "Approvals Coordination Section",
        OrgUnit.Kind.SECTION,
        "service-center",
    ),
    (
        "hr-bureau",
        "市人力资源和社会保障局",
        "Human Resources and Social Security Bureau",
        OrgUnit.Kind.DEPARTMENT,
        None,
    ),
    ("training", "培训处", "Training Division", OrgUnit.Kind.DIVISION, "hr-bureau"),
]

POSTS = {
    "数据管理岗": "Data officer",
    "政务服务岗": "Service officer",
    "网络安全岗": "Security officer",
    "综合管理岗": "General administration",
    "培训管理岗": "Training officer",
}

# (username, employee number, full name, unit code, post, rank, roles)
PEOPLE = [
    (
        "admin",
        "A0001",
        "平台管理员",
        "gov-office",
        "综合管理岗",
        Rank.PRINCIPAL_2,
        {Role.PLATFORM_ADMIN},
    ),
    ("expert1", "E0001", "陈思远", "training", "培训管理岗", Rank.RESEARCHER_3, {Role.EXPERT}),
    ("manager1", "M0001", "王建国", "data-bureau", "综合管理岗", Rank.RESEARCHER_2, {Role.MANAGER}),
    ("organizer1", "O0001", "刘晓燕", "training", "培训管理岗", Rank.PRINCIPAL_3, {Role.ORGANIZER}),
    ("learner1", "L0001", "张伟", "data-resources", "数据管理岗", Rank.STAFF_1, set()),
    ("learner2", "L0002", "李娜", "data-resources", "数据管理岗", Rank.PRINCIPAL_4, set()),
    ("learner3", "L0003", "王芳", "data-resources", "数据管理岗", Rank.STAFF_2, set()),
    ("learner4", "L0004", "刘洋", "digital-services", "政务服务岗", Rank.STAFF_1, set()),
    ("learner5", "L0005", "陈静", "digital-services", "政务服务岗", Rank.PRINCIPAL_3, set()),
    ("learner6", "L0006", "杨帆", "digital-services", "政务服务岗", Rank.CLERK, set()),
    ("learner7", "L0007", "赵磊", "cyber-security", "网络安全岗", Rank.STAFF_1, set()),
    ("learner8", "L0008", "黄丽", "cyber-security", "网络安全岗", Rank.PRINCIPAL_4, set()),
    ("learner9", "L0009", "周强", "cyber-security", "网络安全岗", Rank.STAFF_2, set()),
    ("learner10", "L0010", "吴敏", "data-bureau", "综合管理岗", Rank.PRINCIPAL_2, set()),
    ("learner11", "L0011", "徐斌", "data-resources", "数据管理岗", Rank.STAFF_1, set()),
    ("learner12", "L0012", "孙婷", "digital-services", "政务服务岗", Rank.STAFF_2, set()),
    ("learner13", "L0013", "胡军", "one-stop-window", "政务服务岗", Rank.STAFF_1, set()),
    ("learner14", "L0014", "朱红", "one-stop-window", "政务服务岗", Rank.CLERK, set()),
    ("learner15", "L0015", "高峰", "approvals", "政务服务岗", Rank.PRINCIPAL_4, set()),
    ("learner16", "L0016", "林雪", "approvals", "政务服务岗", Rank.STAFF_1, set()),
    ("learner17", "L0017", "何勇", "service-center", "综合管理岗", Rank.PRINCIPAL_3, set()),
    ("learner18", "L0018", "郭晶", "training", "培训管理岗", Rank.STAFF_1, set()),
    ("learner19", "L0019", "马超", "hr-bureau", "综合管理岗", Rank.PRINCIPAL_4, set()),
    ("learner20", "L0020", "罗琳", "hr-bureau", "综合管理岗", Rank.STAFF_2, set()),
    (
        "manager2",
        "M0002",
        "梁志华",
        "service-center",
        "综合管理岗",
        Rank.RESEARCHER_3,
        {Role.MANAGER},
    ),
    ("staff21", "S0021", "宋佳", "data-resources", "数据管理岗", Rank.STAFF_1, set()),
    ("staff22", "S0022", "郑浩", "cyber-security", "网络安全岗", Rank.STAFF_1, set()),
    ("staff23", "S0023", "谢雨", "one-stop-window", "政务服务岗", Rank.CLERK, set()),
    ("staff24", "S0024", "韩冰", "approvals", "政务服务岗", Rank.STAFF_2, set()),
    ("staff25", "S0025", "唐文", "training", "培训管理岗", Rank.STAFF_1, set()),
]

DEMO_ACCOUNTS = ["admin", "expert1", "manager1", "organizer1", "learner1", "…", "learner20"]


def seed_units() -> dict[str, OrgUnit]:
    units: dict[str, OrgUnit] = {}
    for code, name, name_en, kind, parent_code in UNITS:
        unit = OrgUnit.objects.filter(code=code).first()
        if unit is None:
            unit = org_unit_create(
                name=name,
                name_en=name_en,
                code=code,
                kind=kind,
                parent=units.get(parent_code) if parent_code else None,
            )
        units[code] = unit
    return units


def seed_people() -> dict[str, object]:
    """Create the demo org tree and accounts; running it again changes nothing."""
    roles_sync_groups()
    units = seed_units()
    posts = {}
    for name, name_en in POSTS.items():
        post = post_get_or_create(name=name)
        if post.name_en != name_en:
            post.name_en = name_en
            post.save(update_fields=["name_en"])
        posts[name] = post
    users = {}
    from people.models import User

    for username, number, full_name, unit_code, post, rank, roles in PEOPLE:
        existing = User.objects.filter(username=username).first()
        needs_password = existing is None or not existing.check_password(settings.DEMO_PASSWORD)
        user, _ = person_upsert(
            employee_number=number,
            username=username,
            full_name=full_name,
            email=f"{username}@demo.govlearn.localhost",
            org_unit=units[unit_code],
            post=posts[post],
            rank=rank,
            password=settings.DEMO_PASSWORD if needs_password else None,
        )
        roles_set(user=user, roles={Role.LEARNER, *roles}, org_unit=units[unit_code])
        users[username] = user
    admin = users["admin"]
    if not (admin.is_superuser and admin.is_staff):
        admin.is_superuser = admin.is_staff = True
        admin.save(update_fields=["is_superuser", "is_staff"])
    return users
