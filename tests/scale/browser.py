"""A minimal browser for the topology test: cookies kept by hand, because the site's cookies are
Secure (the balancer stands for a TLS proxy) and an HTTP client's cookie jar would never send them
back over the loopback's plain HTTP."""

from __future__ import annotations

import re
from dataclasses import dataclass

import requests

from bench.cluster import NODE_HEADER

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Page:
    status: int
    text: str
    content: bytes
    node: str | None
    location: str
    headers: dict


class Browser:
    def __init__(self, base: str):
        self.base = base
        self.origin = base.replace("http://", "https://", 1)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, **kwargs) -> Page:
        headers = {
            "Origin": self.origin,
            "Referer": self.origin + path,
            **kwargs.pop("headers", {}),
        }
        if "csrftoken" in self.cookies and method != "GET":
            headers["X-CSRFToken"] = self.cookies["csrftoken"]
        response = requests.request(
            method,
            self.base + path,
            cookies=self.cookies,
            headers=headers,
            allow_redirects=False,
            timeout=60,
            **kwargs,
        )
        for name, value in response.cookies.items():
            self.cookies[name] = value
        return Page(
            status=response.status_code,
            text=response.text,
            content=response.content,
            node=response.headers.get(NODE_HEADER),
            location=response.headers.get("Location", ""),
            headers=dict(response.headers),
        )

    def get(self, path: str, **kwargs) -> Page:
        return self.request("GET", path, **kwargs)

    def post_form(self, path: str, data: dict | list, *, form_path: str | None = None, **kw):
        """GET the form page (for its CSRF token), then POST `data` with the token."""
        page = self.get(form_path or path)
        match = CSRF_INPUT.search(page.text)
        assert match, f"no CSRF token on {form_path or path} (HTTP {page.status})"
        fields = list(data.items()) if isinstance(data, dict) else list(data)
        return self.request(
            "POST", path, data=[("csrfmiddlewaretoken", match.group(1)), *fields], **kw
        )

    def log_in(self, login_path: str, username: str, password: str) -> None:
        page = self.post_form(login_path, {"login": username, "password": password})
        assert page.status == 302, f"login of {username} answered HTTP {page.status}"
