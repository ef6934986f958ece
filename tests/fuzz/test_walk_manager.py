"""Every walked route, as the manager visitor, with hostile values: never a server error."""

import pytest

from .conftest import WALKED


@pytest.mark.parametrize("key", WALKED)
def test_no_server_error_for_manager(walk, key):
    walk(key, "manager")
