"""Upgrading a site whose home page is still courses.HomePage keeps the page: afterwards it is a
home.HomePage with its fields, its children and its permissions (home 0001/0002, courses 0004)."""

import uuid

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # treebeard's, as Wagtail configures it


def _next_child_path(page_model, parent) -> str:
    last = page_model.objects.filter(path__startswith=parent.path, depth=parent.depth + 1).order_by(
        "-path"
    )
    step = last.values_list("path", flat=True).first()
    number = int(step[-4:], 36) + 1 if step else 1
    digits = ""
    while number:
        number, rest = divmod(number, 36)
        digits = ALPHABET[rest] + digits
    return parent.path + digits.rjust(4, "0")


def _seed_pre_move_tree(apps, *, stale_duplicate: bool) -> dict:
    """A home page and a catalogue under it, written through the models as they were before the
    move (courses.HomePage on courses_homepage), with a group allowed to change home pages."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    Locale = apps.get_model("wagtailcore", "Locale")
    Page = apps.get_model("wagtailcore", "Page")
    OldHomePage = apps.get_model("courses", "HomePage")
    Catalogue = apps.get_model("courses", "CatalogueIndexPage")

    zh, _ = Locale.objects.get_or_create(language_code="zh-hans")
    home_type, _ = ContentType.objects.get_or_create(app_label="courses", model="homepage")
    catalogue_type, _ = ContentType.objects.get_or_create(
        app_label="courses", model="catalogueindexpage"
    )
    change_home, _ = Permission.objects.get_or_create(
        content_type=home_type,
        codename="change_homepage",
        defaults={"name": "Can change home page"},
    )
    editors = Group.objects.create(name="Home page editors (migration test)")
    editors.permissions.add(change_home)
    if stale_duplicate:
        # What post_migrate leaves when an earlier run stopped right after home 0001.
        stale = ContentType.objects.create(app_label="home", model="homepage")
        Permission.objects.create(
            content_type=stale, codename="change_homepage", name="Can change home page"
        )

    root = Page.objects.filter(depth=1).order_by("path").first()
    if root is None:
        root_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="page")
        root = Page.objects.create(
            title="Root", draft_title="Root", slug="root", path="0001", depth=1, numchild=0,
            url_path="/", content_type=root_type, locale=zh, translation_key=uuid.uuid4(),
        )  # fmt: skip
    home = OldHomePage.objects.create(
        title="迁移前的首页",
        draft_title="迁移前的首页",
        slug="home-before-move",
        path=_next_child_path(Page, root),
        depth=root.depth + 1,
        numchild=1,
        url_path="/home-before-move/",
        content_type=home_type,
        locale=zh,
        translation_key=uuid.uuid4(),
        live=True,
        intro="迁移后仍然在这里。",
        body="<p>正文保留。</p>",
    )
    Page.objects.filter(pk=root.pk).update(numchild=root.numchild + 1)
    catalogue = Catalogue.objects.create(
        title="课程目录",
        draft_title="课程目录",
        slug="courses-before-move",
        path=home.path + "0001",
        depth=home.depth + 1,
        numchild=0,
        url_path="/home-before-move/courses-before-move/",
        content_type=catalogue_type,
        locale=zh,
        translation_key=uuid.uuid4(),
        live=True,
        intro="<p>目录简介</p>",
    )
    return {
        "home": home.pk,
        "catalogue": catalogue.pk,
        "content_type": home_type.pk,
        "group": editors.pk,
    }


@pytest.mark.parametrize("stale_duplicate", [False, True], ids=["plain", "stale-content-type"])
def test_upgrading_keeps_the_home_page_as_a_home_page_with_its_tree(stale_duplicate):
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page

    from courses.models import CatalogueIndexPage
    from home.models import HomePage

    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    try:
        # Today's schema: no home migration applied (and courses 0004, which needs home 0001).
        executor.migrate([("home", None)])
        executor.loader.build_graph()
        assert ("courses", "0004_move_homepage_to_home") not in executor.loader.applied_migrations
        # Squashed migrations are recorded as applied but are not nodes of the graph.
        applied = [
            node
            for node in executor.loader.applied_migrations
            if node in executor.loader.graph.nodes
        ]
        old_apps = executor.loader.project_state(applied, at_end=True).apps
        seeded = _seed_pre_move_tree(old_apps, stale_duplicate=stale_duplicate)

        executor.loader.build_graph()
        executor.migrate(latest)
    finally:
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()

    tables = connection.introspection.table_names()
    assert "home_homepage" in tables and "courses_homepage" not in tables
    page = Page.objects.get(pk=seeded["home"])
    assert page.content_type_id == seeded["content_type"]
    assert (page.content_type.app_label, page.content_type.model) == ("home", "homepage")
    home = page.specific
    assert type(home) is HomePage
    assert home.intro == "迁移后仍然在这里。" and home.body == "<p>正文保留。</p>"
    assert HomePage.objects.filter(pk=seeded["home"]).exists()
    children = [child.specific for child in page.get_children()]
    assert [(type(c), c.pk, c.intro) for c in children] == [
        (CatalogueIndexPage, seeded["catalogue"], "<p>目录简介</p>")
    ]
    assert list(
        ContentType.objects.filter(model="homepage").values_list("app_label", flat=True)
    ) == ["home"]
    assert ContentType.objects.get_for_model(HomePage).pk == seeded["content_type"]
    editors = Group.objects.get(pk=seeded["group"])
    assert editors.permissions.filter(
        codename="change_homepage", content_type__app_label="home"
    ).exists()
    assert Permission.objects.filter(codename="change_homepage").count() == 1
