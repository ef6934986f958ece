"""Every walked route, as the staff visitor, with hostile values: never a server error."""

import pytest

from .conftest import WALKED


@pytest.mark.parametrize("key", WALKED)
def test_no_server_error_for_staff(walk, key):
    walk(key, "staff")
