"""The walk itself: request one route as one visitor with one hostile value in one place (a URL
kwarg, a query parameter, a form field, a JSON field), and fail on any server error."""

from __future__ import annotations

import json
from urllib.parse import quote, urlencode

from django.test import Client
from django.urls import reverse
from django.utils import translation

from .routes import ROUTES, Pattern

_INT_SENTINEL = 987654321
_STR_SENTINEL = "fuzzsentinel"


def url_for(
    name: str,
    kwargs: dict,
    *,
    language: str,
    hostile_kwarg: str | None,
    value: str,
    positional: bool = False,
):
    """The route's URL in `language`, with `hostile_kwarg` (if any) replaced by `value` as sent
    over the wire (percent-encoded; the resolver sees it decoded, as from a browser)."""
    kwargs = dict(kwargs)
    sentinel = None
    if hostile_kwarg is not None:
        original = kwargs[hostile_kwarg]
        sentinel = str(_INT_SENTINEL) if isinstance(original, int) else _STR_SENTINEL
        if positional and not isinstance(original, int):
            sentinel += "/"  # Wagtail's page path pattern: segments that end with a slash
        kwargs[hostile_kwarg] = int(sentinel) if isinstance(original, int) else sentinel
    with translation.override(language):
        if positional:
            url = reverse(name, args=list(kwargs.values()))
        else:
            url = reverse(name, kwargs=kwargs)
    if sentinel is not None:
        url = url.replace(sentinel, quote(_wire(value), safe=""), 1)
    return url


def _wire(value: str) -> bytes:
    """What a client puts on the wire: UTF-8, a lone surrogate as its raw (undecodable) bytes."""
    return value.encode("utf-8", "surrogatepass")


def _urlencoded(data: dict) -> str:
    return urlencode({key: _wire(value) for key, value in data.items()}, doseq=False)


def _send(client: Client, method: str, url: str, **kwargs):
    response = getattr(client, method)(url, **kwargs)
    assert response.status_code < 500, f"{method.upper()} {url[:300]!r}: {response.status_code}"
    return response


def walk_once(
    client: Client, pattern: Pattern, world, *, place: str, value: str, language: str
) -> None:
    """One hostile value in one `place` of the route: "kwarg:<name>", "get:<param>",
    "post:<field>" or "json:<field>"; "none" sends the route's valid form unchanged."""
    route = ROUTES[pattern.key]
    name = pattern.key
    kind, _, where = place.partition(":")
    url = url_for(
        name,
        route.kwargs(world),
        language=language,
        hostile_kwarg=where if kind == "kwarg" else None,
        value=value,
        positional=route.positional,
    )
    form = route.form(world)
    if kind == "get":
        _send(client, "get", f"{url}?{_urlencoded({where: value})}")
        return
    if kind in ("post", "json"):
        form[where] = value
    if kind == "json":
        _send(
            client,
            "post",
            url,
            data=json.dumps(form, ensure_ascii=True),  # "\ud800" stays an escape, as fetch sends
            content_type="application/json",
            HTTP_ACCEPT="application/json",
        )
        return
    _send(client, "get", url)
    _send(
        client,
        "post",
        url,
        data=_urlencoded(form),
        content_type="application/x-www-form-urlencoded",
    )


def places(pattern: Pattern, world) -> list[str]:
    """Every place of the route a hostile value can go."""
    route = ROUTES[pattern.key]
    fields = list(route.form(world))
    found = ["none"]
    found += [f"kwarg:{name}" for name in route.kwargs(world)]
    found += [f"get:{param}" for param in route.get] or ["get:q"]
    found += [f"post:{field}" for field in fields] or ["post:unexpected"]
    if route.json:
        found += [f"json:{field}" for field in fields]
    return found
