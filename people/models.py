"""People, the org-unit tree and roles. Everything else in GovLearn hangs off these."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node

from core.models import ImportJob
from core.storage import UnguessableName, private_storage


class User(AbstractUser):
    """A login. Chinese names do not split into first/last reliably, so the full name is one field."""

    full_name = models.CharField(_("full name"), max_length=150, blank=True)

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def get_full_name(self) -> str:
        return self.full_name or super().get_full_name() or self.username

    def get_short_name(self) -> str:
        return self.full_name or self.first_name or self.username

    @property
    def display_name(self) -> str:
        return self.get_full_name()


class OrgUnit(MP_Node):
    """A department, division or section. Materialised paths make "this unit and everything below
    it" one indexed prefix query, which is what manager scope and every team report need."""

    class Kind(models.TextChoices):
        DEPARTMENT = "department", _("Department")
        DIVISION = "division", _("Division")
        SECTION = "section", _("Section")

    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    code = models.SlugField(_("code"), max_length=64, unique=True, allow_unicode=False)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.SECTION)

    # No node_order_by: children are appended, so adding a unit never rewrites its siblings' paths.

    class Meta:
        verbose_name = _("org unit")
        verbose_name_plural = _("org units")

    def __str__(self) -> str:
        return self.name

    def display_name(self, language: str | None = None) -> str:
        if language and language.startswith("en") and self.name_en:
            return self.name_en
        return self.name


class Rank(models.TextChoices):
    """Civil-servant grades (职级) as used in the annual training requirement."""

    CLERK = "clerk", _("Clerk")
    STAFF_2 = "staff_2", _("Staff member, grade 2")
    STAFF_1 = "staff_1", _("Staff member, grade 1")
    PRINCIPAL_4 = "principal_4", _("Principal staff member, grade 4")
    PRINCIPAL_3 = "principal_3", _("Principal staff member, grade 3")
    PRINCIPAL_2 = "principal_2", _("Principal staff member, grade 2")
    PRINCIPAL_1 = "principal_1", _("Principal staff member, grade 1")
    RESEARCHER_4 = "researcher_4", _("Researcher, grade 4")
    RESEARCHER_3 = "researcher_3", _("Researcher, grade 3")
    RESEARCHER_2 = "researcher_2", _("Researcher, grade 2")
    RESEARCHER_1 = "researcher_1", _("Researcher, grade 1")
    INSPECTOR_2 = "inspector_2", _("Inspector, grade 2")
    INSPECTOR_1 = "inspector_1", _("Inspector, grade 1")


class Post(models.Model):
    """A post (岗位) such as data officer; competency targets and training requirements key on it."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")

    def __str__(self) -> str:
        return self.name


class Profile(models.Model):
    """What HR knows about a person: where they sit, their post and grade; and how they like the
    site shown (language, text size), which follows them to every browser they log in on."""

    class Language(models.TextChoices):
        ZH_HANS = "zh-hans", "简体中文"
        EN = "en", "English"

    class TextSize(models.TextChoices):
        # Blank: never chosen, so the browser's own choice (a cookie) stands; an older person who
        # switched larger text on before logging in must not have it switched off by the login.
        STANDARD = "standard", _("Standard text")
        LARGE = "large", _("Larger text and high contrast")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="profile",
        verbose_name=_("user"),
    )
    employee_number = models.CharField(_("employee number"), max_length=32, unique=True)
    org_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="profiles", verbose_name=_("org unit")
    )
    post = models.ForeignKey(
        Post,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="profiles",
        verbose_name=_("post"),
    )
    rank = models.CharField(_("rank"), max_length=20, choices=Rank.choices, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=10, choices=Language.choices, default=Language.ZH_HANS
    )
    time_zone = models.CharField(_("time zone"), max_length=64, default="Asia/Shanghai")
    text_size = models.CharField(
        _("text size"), max_length=10, choices=TextSize.choices, blank=True, default=""
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")
        ordering = ["employee_number"]

    def __str__(self) -> str:
        return f"{self.user.get_full_name()} ({self.employee_number})"


class Role(models.TextChoices):
    LEARNER = "learner", _("Learner")
    EXPERT = "expert", _("Expert")
    MANAGER = "manager", _("Manager")
    ORGANIZER = "organizer", _("Organizer")
    PLATFORM_ADMIN = "platform_admin", _("Platform admin")


class RoleAssignment(models.Model):
    """A role a person holds. A manager's assignment names the unit whose subtree they oversee."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="role_assignments",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    org_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("org unit"),
        help_text=_("For managers: the unit they oversee, with everything below it."),
    )
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "org_unit"], name="people_role_unique_per_unit"
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=models.Q(org_unit__isnull=True),
                name="people_role_unique_unscoped",
            ),
            models.CheckConstraint(
                condition=~models.Q(role="manager") | models.Q(org_unit__isnull=False),
                name="people_manager_has_unit",
            ),
        ]

    def __str__(self) -> str:
        if self.org_unit_id:
            return f"{self.user} · {self.get_role_display()} · {self.org_unit}"
        return f"{self.user} · {self.get_role_display()}"


class PeopleImport(ImportJob):
    """One upload of an HR sheet. The file is validated and applied by a background task; the row
    report is kept so the admin can read what was wrong (or what changed)."""

    total_field = "rows_total"
    done_field = "rows_done"

    file = models.FileField(
        _("file"),
        upload_to=UnguessableName("imports/people", extensions=(".csv", ".xlsx")),
        storage=private_storage,
    )
    encoding = models.CharField(_("encoding"), max_length=20, default="utf-8")
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows processed"), default=0)

    class Meta(ImportJob.Meta):
        verbose_name = _("people import")
        verbose_name_plural = _("people imports")
