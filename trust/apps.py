from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrustConfig(AppConfig):
    name = "trust"
    verbose_name = _("Trust and security")

    def ready(self) -> None:
        # Receivers connect the login, MFA, lockout and people events of Django, allauth, axes and
        # people to the audit log; they only record, the rules live in services.
        from django.db.backends.signals import connection_created
        from wagtail.admin import auth as wagtail_admin_auth

        from . import receivers  # noqa: F401
        from .audit_chain import register_sqlite_functions
        from .middleware import admin_permission_denied

        # Wagtail answers a permission failure inside the admin with a redirect home and a
        # message, which hides the denial from clients and from the audit log. Its
        # require_admin_access looks this function up at call time, so replacing it here makes
        # every such denial a 403 that is audited (tests/trust/test_authorization_matrix.py).
        wagtail_admin_auth.permission_denied = admin_permission_denied
        # The SQLite audit trigger asks a Python function whether a prune is running.
        connection_created.connect(register_sqlite_functions, dispatch_uid="trust_sqlite_audit")
