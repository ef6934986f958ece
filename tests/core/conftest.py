from tests.dashboards.conftest import inside, manager  # noqa: F401
from tests.trust.conftest import (  # noqa: F401
    learner,
    other_user,
    platform_admin,
)
