"""Navigation facts every page of the shell needs: which sections this person may see."""

from people.models import Profile, Role
from people.selectors import user_roles

from .display import text_size_of


def navigation(request):
    """Whether the header shows the manager, expert and authoring links; roles asked once per
    request (trust.selectors.roles_of keeps them under the same request attribute)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {
            "nav_roles": set(),
            "nav_is_manager": False,
            "nav_is_expert": False,
            "nav_can_author": False,
        }
    if not hasattr(request, "_nav_roles"):
        request._nav_roles = user_roles(user=user)
    roles = request._nav_roles
    return {
        "nav_roles": roles,
        "nav_is_manager": Role.MANAGER in roles or Role.PLATFORM_ADMIN in roles,
        # Experts answer learners' questions (qanda's inbox); admins see every course's.
        "nav_is_expert": Role.EXPERT in roles or Role.PLATFORM_ADMIN in roles,
        "nav_can_author": user.has_perm("wagtailadmin.access_admin"),
    }


def display(request):
    """How large this visitor wants the text (home.display); read from the session or a cookie,
    never the database."""
    text_size = text_size_of(request)
    return {"text_size": text_size, "text_large": text_size == Profile.TextSize.LARGE}
