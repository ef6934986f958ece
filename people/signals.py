"""Signals people sends for higher layers to act on (trust writes them to the audit log).

role_granted(sender=RoleAssignment, user, role, org_unit): a role was given (not re-given).
role_revoked(sender=RoleAssignment, user, role, org_unit): a role assignment was taken away.
"""

from django.dispatch import Signal

role_granted = Signal()
role_revoked = Signal()
