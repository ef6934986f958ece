import factory
from django.conf import settings

from people.models import OrgUnit, Post, Profile, User
from people.services import org_unit_create, role_grant

PASSWORD = "Test-passw0rd!"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"测试用户{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.gov.cn")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class OrgUnitFactory(factory.Factory):
    """Org units go through the service so the tree paths are right."""

    class Meta:
        model = OrgUnit

    name = factory.Sequence(lambda n: f"单位{n}")
    code = factory.Sequence(lambda n: f"unit-{n}")
    kind = OrgUnit.Kind.SECTION
    parent = None

    @classmethod
    def _create(cls, model_class, *, parent=None, **kwargs):
        return org_unit_create(parent=parent, **kwargs)

    @classmethod
    def _build(cls, model_class, *, parent=None, **kwargs):
        return model_class(**kwargs)


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"岗位{n}")


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profile

    user = factory.SubFactory(UserFactory)
    employee_number = factory.Sequence(lambda n: f"T{n:05d}")
    org_unit = factory.SubFactory(OrgUnitFactory)


def grant_role(user, role, org_unit=None, *, enrol_mfa=True):
    """Grant a role. Staff roles need two-factor authentication (trust), so by default the person
    is also enrolled in TOTP, as real staff are; pass enrol_mfa=False to test the requirement."""
    assignment = role_grant(user=user, role=role, org_unit=org_unit)
    if enrol_mfa and role in settings.MFA_REQUIRED_ROLES:
        from .trust import enrol_totp

        enrol_totp(user)
    return assignment
