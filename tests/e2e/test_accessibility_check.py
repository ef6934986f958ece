"""The accessibility check itself: it must catch what it claims to catch, or every green browser
test means nothing."""

import pytest

from tests.e2e.conftest import assert_accessible

pytestmark = pytest.mark.browser

INACCESSIBLE = """<!DOCTYPE html>
<html lang="en"><head><title>Bad page</title></head><body><main>
  <p style="color:#c8c8c8;background:#ffffff">Pale grey text nobody can read.</p>
  <form><input type="text" name="q"></form>
</main></body></html>"""

ACCESSIBLE = """<!DOCTYPE html>
<html lang="en"><head><title>Good page</title></head><body><main>
  <h1>Readable</h1>
  <form><label for="q">Search</label><input id="q" type="text" name="q"></form>
</main></body></html>"""


def test_accessibility_check_fails_listing_contrast_and_label_violations(page):
    page.set_content(INACCESSIBLE)
    with pytest.raises(pytest.fail.Exception) as failure:
        assert_accessible(page)
    message = str(failure.value)
    assert "color-contrast" in message
    assert "label" in message
    assert "input" in message  # the offending element is named


def test_accessibility_check_passes_a_clean_page(page):
    page.set_content(ACCESSIBLE)
    assert_accessible(page)
