from tests.dashboards.conftest import inside, manager  # noqa: F401
from tests.trust.conftest import (  # noqa: F401
    _fresh_cache,
    learner,
    other_user,
    platform_admin,
)
