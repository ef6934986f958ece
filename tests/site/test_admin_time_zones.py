"""The admin account page offers only time zones a browser knows: Wagtail's script labels each
option through the browser, and a name such as "localtime" stopped it with a console error."""

from wagtail.admin.localization import get_available_admin_time_zones


def test_the_account_page_offers_no_zone_a_browser_rejects():
    zones = get_available_admin_time_zones()
    assert "localtime" not in zones
    assert "Factory" not in zones
    assert {"Asia/Shanghai", "Asia/Urumqi", "Europe/Berlin", "UTC"} <= set(zones)
