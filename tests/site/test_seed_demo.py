"""seed_demo builds the demo `make run` promises, and running it twice changes nothing."""

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from people.models import Profile, Role, RoleAssignment, User
from people.selectors import profiles_in_scope


def snapshot():
    """Every row of every table of ours and of Wagtail's, read with plain SQL so what is compared
    is what is stored (model values such as StreamField blocks get fresh ids each time they load)."""
    tables = {}
    labels = (
        "people",
        "wagtailcore",
        "auth",
        "courses",
        "quizzes",
        "qanda",
        "certificates",
        "trust",
    )
    with connection.cursor() as cursor:
        for label in labels:
            try:
                config = apps.get_app_config(label)
            except LookupError:
                continue
            for model in config.get_models():
                table = connection.ops.quote_name(model._meta.db_table)
                cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 — table names come from models
                tables[model._meta.db_table] = sorted(map(repr, cursor.fetchall()))
    return tables


@pytest.mark.django_db
def test_seed_demo_twice_changes_nothing():
    call_command("seed_demo", verbosity=0)
    first = snapshot()
    call_command("seed_demo", verbosity=0)
    assert snapshot() == first


@pytest.mark.django_db
def test_demo_accounts_exist_with_the_documented_password(demo):
    names = ["admin", "expert1", "manager1", "organizer1"] + [f"learner{n}" for n in range(1, 21)]
    for username in names:
        user = User.objects.get(username=username)
        assert user.check_password(settings.DEMO_PASSWORD), username
    assert Profile.objects.count() >= 30


@pytest.mark.django_db
def test_demo_org_tree_has_three_levels_and_manager1_oversees_eight_or_more(demo):
    from people.models import OrgUnit

    assert OrgUnit.objects.filter(depth=3).exists()
    manager = User.objects.get(username="manager1")
    assert RoleAssignment.objects.filter(user=manager, role=Role.MANAGER).exists()
    team = profiles_in_scope(user=manager).exclude(user=manager)
    assert team.count() >= 8
    assert not team.filter(org_unit__code="service-center").exists()


@pytest.mark.django_db
def test_demo_roles_grant_admin_access_only_to_authors(demo):
    assert User.objects.get(username="expert1").has_perm("wagtailadmin.access_admin")
    assert User.objects.get(username="organizer1").has_perm("wagtailadmin.access_admin")
    assert User.objects.get(username="admin").has_perm("wagtailadmin.access_admin")
    assert not User.objects.get(username="learner1").has_perm("wagtailadmin.access_admin")
    assert not User.objects.get(username="manager1").has_perm("wagtailadmin.access_admin")


@pytest.mark.django_db
def test_seed_site_rebuilds_the_tree_root_of_a_flushed_database():
    """Transactional tests flush every table, Wagtail's migrated tree root included."""
    from wagtail.models import Page, Site

    from demo.site import seed_site

    Page.get_first_root_node().delete()
    assert not Page.objects.exists()
    home = seed_site()
    assert Page.get_first_root_node().depth == 1
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk
