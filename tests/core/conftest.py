from tests.dashboards.conftest import inside, manager, tree  # noqa: F401
