"""Demo site structure: locales, the bilingual home page and the Wagtail Site."""

from django.db import transaction
from wagtail.models import Locale, Page, Site

from home.models import HomePage

HOME_ZH = {
    "title": "政务学堂",
    "intro": "面向公务员的数字政府与电子政务能力学习平台：课程、测评、竞赛与学时证明，一站完成。",
    "body": (
        "<h2>在这里学习</h2><p>专家编写的数字政府课程，覆盖一网通办、数据共享与开放、网络安全与个人信息保护、"
        "人工智能在政务中的应用。</p><h2>学时与证书</h2><p>学习、测评和竞赛获得的学时自动计入年度学时，"
        "证书可在线核验。</p>"
    ),
}
HOME_EN = {
    "title": "GovLearn",
    "intro": "Digital-government learning for civil servants: courses, assessments, contests and "
    "credit-hour records, in one place.",
    "body": (
        "<h2>Learn here</h2><p>Expert-written courses on digital government: one-stop online services, "
        "data sharing and open data, cybersecurity and personal-information protection, and AI in "
        "public administration.</p><h2>Credit hours and certificates</h2><p>Hours earned from courses, "
        "tests and contests count towards your annual requirement, and every certificate can be "
        "verified online.</p>"
    ),
}


@transaction.atomic
def seed_site() -> HomePage:
    """Make a zh-Hans home page (with an English translation) the root of the default site."""
    zh, _ = Locale.objects.get_or_create(language_code="zh-hans")
    en, _ = Locale.objects.get_or_create(language_code="en")
    # Wagtail's first migration creates its root in the default locale of the time; keep it in ours.
    root = Page.get_first_root_node()
    if root is None:
        # A database flushed after Wagtail's migrations (e.g. between transactional tests) has
        # lost the tree root that the first migration created; put it back as Wagtail would.
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=zh))
    home = HomePage.objects.filter(locale=zh, depth=2).first()
    if home is None:
        home = HomePage(slug="home-zh", locale=zh, **HOME_ZH)
        root.add_child(instance=home)
        home.save_revision().publish()
    home_en = home.get_translation_or_none(en)
    if home_en is None:
        home_en = home.copy_for_translation(en)
        for field, value in HOME_EN.items():
            setattr(home_en, field, value)
        home_en.slug = "home-en"
        home_en.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name="GovLearn",
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = "GovLearn"
        site.save()
    # Wagtail's placeholder "Welcome" page is not ours to show.
    Page.objects.filter(
        depth=2, content_type__model="page", content_type__app_label="wagtailcore"
    ).delete()
    return home
