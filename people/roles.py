"""What each role may do, expressed as Django groups so Wagtail's own permission checks apply.

A role is granted through `people.services.role_grant`, which keeps the user's group membership in
step with their role assignments. Learners and managers hold no admin permission at all: they never
see the Wagtail admin unless they also author.
"""

from .models import Role

# Role -> (group name, model permissions as "app_label.codename")
ROLE_GROUPS: dict[str, tuple[str, tuple[str, ...]]] = {
    Role.EXPERT: (
        "Experts",
        (
            "wagtailadmin.access_admin",
            "wagtailimages.add_image",
            "wagtailimages.change_image",
            "wagtailimages.choose_image",
            "wagtaildocs.add_document",
            "wagtaildocs.change_document",
            "wagtaildocs.choose_document",
            # Question bank and tests (quizzes).
            "quizzes.add_question",
            "quizzes.change_question",
            "quizzes.view_question",
            "quizzes.add_assessment",
            "quizzes.change_assessment",
            "quizzes.view_assessment",
            "quizzes.add_questionimport",
            "quizzes.view_questionimport",
            "quizzes.view_competence",
        ),
    ),
    Role.ORGANIZER: (
        "Organizers",
        (
            "wagtailadmin.access_admin",
            "wagtailimages.add_image",
            "wagtailimages.choose_image",
            "wagtaildocs.add_document",
            "wagtaildocs.choose_document",
            # Tests and question pools for contests (quizzes).
            "quizzes.view_question",
            "quizzes.add_assessment",
            "quizzes.change_assessment",
            "quizzes.view_assessment",
            "quizzes.view_competence",
        ),
    ),
    Role.PLATFORM_ADMIN: (
        "Platform admins",
        (
            "wagtailadmin.access_admin",
            "people.add_user",
            "people.change_user",
            "people.delete_user",
            "people.view_user",
            "people.add_orgunit",
            "people.change_orgunit",
            "people.delete_orgunit",
            "people.view_orgunit",
            "people.add_post",
            "people.change_post",
            "people.delete_post",
            "people.view_post",
            "people.add_profile",
            "people.change_profile",
            "people.view_profile",
            "people.add_roleassignment",
            "people.change_roleassignment",
            "people.delete_roleassignment",
            "people.view_roleassignment",
            "people.add_peopleimport",
            "people.view_peopleimport",
            "auth.add_group",
            "auth.change_group",
            "auth.view_group",
            "wagtailimages.add_image",
            "wagtailimages.change_image",
            "wagtailimages.delete_image",
            "wagtailimages.choose_image",
            "wagtaildocs.add_document",
            "wagtaildocs.change_document",
            "wagtaildocs.delete_document",
            "wagtaildocs.choose_document",
            # The competency framework, question bank and tests (quizzes).
            "quizzes.add_framework",
            "quizzes.change_framework",
            "quizzes.delete_framework",
            "quizzes.view_framework",
            "quizzes.add_area",
            "quizzes.change_area",
            "quizzes.delete_area",
            "quizzes.view_area",
            "quizzes.add_competence",
            "quizzes.change_competence",
            "quizzes.delete_competence",
            "quizzes.view_competence",
            "quizzes.add_posttarget",
            "quizzes.change_posttarget",
            "quizzes.delete_posttarget",
            "quizzes.view_posttarget",
            "quizzes.add_question",
            "quizzes.change_question",
            "quizzes.delete_question",
            "quizzes.view_question",
            "quizzes.add_assessment",
            "quizzes.change_assessment",
            "quizzes.delete_assessment",
            "quizzes.view_assessment",
            "quizzes.add_questionimport",
            "quizzes.change_questionimport",
            "quizzes.delete_questionimport",
            "quizzes.view_questionimport",
        ),
    ),
}

# Page permissions granted on the site root for roles that author pages.
ROLE_PAGE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    Role.EXPERT: ("add_page", "change_page"),
    Role.ORGANIZER: ("add_page", "change_page"),
    Role.PLATFORM_ADMIN: ("add_page", "change_page", "publish_page", "lock_page", "unlock_page"),
}

STAFF_ROLES = frozenset(ROLE_GROUPS)
