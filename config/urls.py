from allauth.account import views as allauth_views
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.documents import urls as wagtaildocs_urls

from courses.admin_views import CourseWorkflowAction
from home.display import text_size_set

from .health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # Wagtail's own login form would be a way around MFA and lockout: send it to ours.
    path("admin/login/", RedirectView.as_view(pattern_name="login", query_string=True)),
    # The reviewer's approval asks the course publish rule first (courses.admin_views); same
    # address and name as Wagtail's view, which it extends.
    path(
        "admin/pages/workflow/action/<int:page_id>/<slug:action_name>/<int:task_state_id>/",
        never_cache(require_admin_access(CourseWorkflowAction.as_view())),
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Chinese at the bare paths, English under /en/.
urlpatterns += i18n_patterns(
    # One login (allauth, trust/): "login" and "logout" are the names templates and LOGIN_URL use.
    path("accounts/login/", allauth_views.login, name="login"),
    path("accounts/logout/", require_POST(allauth_views.logout), name="logout"),
    path("accounts/", include("trust.urls")),
    path("accounts/", include("allauth.urls")),
    path("learning/questions/", include("qanda.urls")),
    path("learning/", include("courses.urls")),
    path("learning/", include("training.urls")),
    path("assessments/", include("quizzes.urls")),
    path("manage/", include("dashboards.urls")),
    path("certificates/", include("certificates.urls")),
    path("display/text-size/", text_size_set, name="text_size"),
    path("", wagtail_views.serve, {"path": ""}, name="home"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

handler403 = "trust.views.permission_denied"
