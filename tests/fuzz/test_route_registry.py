"""The walker's registry keeps up with the URL configuration: a new route fails here until it is
walked (a line in tests/fuzz/routes.py ROUTES) or excluded with a reason."""

from .routes import EXCLUDED, ROUTES, all_patterns, built_in_reason


def test_every_route_is_walked_or_excluded_with_a_reason():
    uncovered = sorted(
        p.key
        for p in all_patterns()
        if p.key not in ROUTES and p.key not in EXCLUDED and built_in_reason(p) is None
    )
    assert uncovered == [], f"Add these routes to tests/fuzz/routes.py: {uncovered}"


def test_every_registry_entry_names_an_existing_route():
    known = {p.key for p in all_patterns()}
    assert sorted(set(ROUTES) - known) == []
    assert sorted(set(EXCLUDED) - known) == []


def test_exclusions_give_reasons():
    assert all(reason.strip() for reason in EXCLUDED.values())


def test_the_walk_covers_our_routes():
    """The count the report quotes; it only grows as routes are added."""
    ours = [p for p in all_patterns() if built_in_reason(p) is None]
    assert len(ROUTES) >= len(ours) - len(EXCLUDED)
    print(f"walked routes: {len(ROUTES)}")
