"""The contest spike's simulated browsers (bench/contest_spike.py drives them).

Each contestant opens the contest at its start, waits out the countdown, answers with think time
and submits in the last seconds. A request the server fails (a 5xx, a reset, a timeout) is
counted as a server error with when it began and ended, and the browser tries again a moment
later, as the autosave script and a person pressing the button again do: so after a web node is
killed, the failures of its in-flight requests can be told apart from any other, and its
contestants carry on through the other node.
"""

from __future__ import annotations

import asyncio
import json
import random
import re
import time
from collections import Counter
from dataclasses import dataclass, field

ARRIVAL_SECONDS = 1  # contestants open the page within this long after the start
SUBMIT_WINDOW = 10  # everyone submits within this many seconds before the end
SUBMIT_MARGIN = 1.5  # the last submit leaves at least this long before the end
REQUEST_TIMEOUT = 60
RETRIES = 5  # a failed request is tried again this often, a second apart
NODE_HEADER = "X-GovLearn-Node"  # set by the balancer (bench/cluster.py)
IN_FLIGHT_GRACE = 2.0  # seconds after the node is gone that its requests may still fail


@dataclass
class Failure:
    """A request the server failed: what, why, and when (time.time()) it began and ended."""

    label: str
    reason: str
    began: float
    ended: float


@dataclass
class Tally:
    """Everything the clients saw, for the report."""

    start: list[float] = field(default_factory=list)  # the GET that starts the prepared paper
    waiting: list[float] = field(default_factory=list)  # countdown pages
    save: list[float] = field(default_factory=list)
    submit: list[float] = field(default_factory=list)
    baseline: list[float] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)  # 5xx, resets, timeouts
    refused: list[str] = field(default_factory=list)  # any other answer than the expected one
    late_refusals: int = 0  # saves the server refused because they arrived after the end
    acknowledged: dict = field(default_factory=dict)  # (username, slot) -> choice the server saved
    submitted: set = field(default_factory=set)  # usernames whose submit was acknowledged
    started_at: dict = field(default_factory=dict)  # username -> seconds after the start
    served_by: Counter = field(default_factory=Counter)  # node name -> answers it served
    served_after_kill: Counter = field(default_factory=Counter)  # the same, begun after the kill
    kill: tuple[float, float] | None = None  # (signal sent, port gone), time.time()

    @property
    def server_errors(self) -> list[str]:
        return [f"{f.label}: {f.reason}" for f in self.failures]


CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SLOT_INPUT = re.compile(r'name="slots" value="(\d+)"')
RADIO_INPUT = re.compile(r'type="radio" name="s(\d+)" value="([^"]+)"')


class Site:
    """The server (a node, or the balancer in front of the nodes) behind a pretend TLS proxy."""

    def __init__(self, base: str, session_cookie: str, csrf_cookie: str):
        self.base = base
        self.origin = base.replace("http://", "https://", 1)
        self.session_cookie = session_cookie
        self.csrf_cookie = csrf_cookie

    def headers(self, session: str | None = None, csrf: str | None = None, **extra) -> dict:
        cookies = []
        if session:
            cookies.append(f"{self.session_cookie}={session}")
        if csrf:
            cookies.append(f"{self.csrf_cookie}={csrf}")
        headers = {"X-Forwarded-Proto": "https", "User-Agent": "govlearn-contest-spike"}
        if cookies:
            headers["Cookie"] = "; ".join(cookies)
        headers.update(extra)
        return headers


async def timed(http, tally: Tally, label: str, method: str, url: str, **kwargs):
    """One request: (seconds, status, body text, response cookies), or None when the server
    failed it (a connection error, a timeout or a 5xx), which is counted as a server error."""
    began_at = time.time()
    began = time.perf_counter()
    try:
        async with http.request(method, url, allow_redirects=False, **kwargs) as response:
            body = await response.text()
            seconds, status, cookies = (
                time.perf_counter() - began,
                response.status,
                response.cookies,
            )
            node = response.headers.get(NODE_HEADER)
    except Exception as error:  # every failure is a figure in the report
        tally.failures.append(Failure(label, repr(error), began_at, time.time()))
        return None
    if status >= 500:
        tally.failures.append(Failure(label, f"HTTP {status}", began_at, time.time()))
        return None
    if node:
        tally.served_by[node] += 1
        if tally.kill and began_at > tally.kill[1]:
            tally.served_after_kill[node] += 1
    return seconds, status, body, cookies


async def again(http, tally: Tally, label: str, method: str, url: str, **kwargs):
    """`timed`, tried again a second later while the server fails it (each failure counted)."""
    for attempt in range(RETRIES + 1):
        reply = await timed(http, tally, label, method, url, **kwargs)
        if reply is not None or attempt == RETRIES:
            return reply
        await asyncio.sleep(1)
    return None


async def baseline_client(http, site: Site, tally: Tally, at: float) -> None:
    await asyncio.sleep(max(0.0, at - time.time()))
    reply = await timed(
        http, tally, "baseline", "GET", site.base + "/healthz", headers=site.headers()
    )
    if reply is None:
        return
    seconds, status, _body, _cookies = reply
    if status != 200:
        tally.refused.append(f"baseline: HTTP {status}")
    else:
        tally.baseline.append(seconds)


async def contestant(
    http, site: Site, tally: Tally, *, username: str, session: str, paths: dict, schedule: dict
) -> None:
    """One person: open at the start, wait out the countdown, answer over the contest with think
    time, change one answer sometimes, submit the whole form in the last seconds."""
    rng = random.Random(username)
    start_at, end_at = schedule["start"], schedule["end"]
    await asyncio.sleep(max(0.0, start_at + rng.uniform(0, ARRIVAL_SECONDS) - time.time()))
    page = None
    csrf_cookie = None
    for _ in range(10):
        reply = await again(
            http,
            tally,
            f"start {username}",
            "GET",
            site.base + paths["play"],
            headers=site.headers(session),
        )
        if reply is None:
            return
        seconds, status, body, cookies = reply
        if status != 200:
            tally.refused.append(f"start {username}: HTTP {status}")
            return
        if site.csrf_cookie in cookies:
            csrf_cookie = cookies[site.csrf_cookie].value
        if 'id="attempt-form"' in body:
            tally.start.append(seconds)
            tally.started_at[username] = time.time() - start_at
            page = body
            break
        wait = re.search(r'data-countdown="(\d+)"', body)
        if wait is None:
            tally.refused.append(f"start {username}: neither a countdown nor the paper")
            return
        tally.waiting.append(seconds)
        await asyncio.sleep(int(wait.group(1)) + rng.uniform(0, 0.2))
    if page is None or csrf_cookie is None:
        tally.refused.append(f"start {username}: no paper after ten countdowns")
        return

    token = CSRF_INPUT.search(page).group(1)
    slots = [int(s) for s in SLOT_INPUT.findall(page)]
    options: dict[int, list[str]] = {}
    for slot, value in RADIO_INPUT.findall(page):
        options.setdefault(int(slot), []).append(value)
    post_headers = site.headers(
        session,
        csrf_cookie,
        **{"X-CSRFToken": token, "Origin": site.origin, "Referer": site.origin + paths["play"]},
    )
    json_headers = {**post_headers, "Accept": "application/json"}

    # Think time: the answers fall at random moments between entering and the submit window.
    entered = time.time()
    last_moment = end_at - SUBMIT_WINDOW - 1
    moments = sorted(rng.uniform(entered + 1.5, max(entered + 2, last_moment)) for _ in slots)
    changes = {rng.choice(slots)} if slots and rng.random() < 0.2 else set()
    choices: dict[int, str] = {}
    for slot, moment in zip(slots, moments, strict=True):
        to_answer = [slot] + ([rng.choice(list(choices))] if choices and slot in changes else [])
        for target in to_answer:
            await asyncio.sleep(max(0.0, moment - time.time()))
            choice = rng.choice(options[target])
            reply = await again(
                http,
                tally,
                f"save {username}/{target}",
                "POST",
                site.base + paths["answer"],
                data={"slots": str(target), f"s{target}": choice},
                headers=json_headers,
            )
            if reply is None:
                continue
            seconds, status, body, _ = reply
            data = json.loads(body) if status in (200, 409) else {}
            if status == 409 and data.get("code") == "ended":
                tally.late_refusals += 1
                continue
            if status != 200 or not data.get("ok"):
                tally.refused.append(f"save {username}/{target}: HTTP {status} {body[:120]}")
                continue
            tally.save.append(seconds)
            choices[target] = choice
            tally.acknowledged[(username, target)] = choice

    # Submit the whole form, as the browser's submit button does, in the last seconds.
    await asyncio.sleep(
        max(0.0, rng.uniform(end_at - SUBMIT_WINDOW, end_at - SUBMIT_MARGIN) - time.time())
    )
    form = [("csrfmiddlewaretoken", token)]
    for slot in slots:
        form.append(("slots", str(slot)))
        if slot in choices:
            form.append((f"s{slot}", choices[slot]))
    reply = await again(
        http,
        tally,
        f"submit {username}",
        "POST",
        site.base + paths["submit"],
        data=form,
        headers=post_headers,
    )
    if reply is None:
        return
    seconds, status, body, _ = reply
    if status != 302:
        tally.refused.append(f"submit {username}: HTTP {status}")
    else:
        tally.submit.append(seconds)
        tally.submitted.add(username)


async def killer(tally: Tally, at: float, kill) -> None:
    """At `at`, call `kill()` (blocking: kill -9 of a node) and note when it was sent and done."""
    await asyncio.sleep(max(0.0, at - time.time()))
    tally.kill = await asyncio.get_running_loop().run_in_executor(None, kill)


async def drive(
    *, site: Site, people: list[tuple[str, str]], paths: dict, schedule: dict, kill=None
):
    """The baseline arrival, then the contest; `kill` is (moment, callable) or None."""
    import aiohttp

    tally = Tally()
    # A fresh connection per request, as from many browsers through a proxy: no client reuses a
    # kept-alive connection the server has just closed.
    connector = aiohttp.TCPConnector(limit=0, force_close=True)
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as http:
        window = schedule["baseline_window"]
        await asyncio.gather(
            *(
                baseline_client(http, site, tally, schedule["baseline"] + window * n / len(people))
                for n in range(len(people))
            )
        )
        extra = [killer(tally, *kill)] if kill else []
        await asyncio.gather(
            *extra,
            *(
                contestant(
                    http,
                    site,
                    tally,
                    username=username,
                    session=session,
                    paths=paths,
                    schedule=schedule,
                )
                for username, session in people
            ),
        )
    return tally


def split_failures(tally: Tally) -> tuple[list[Failure], list[Failure]]:
    """(in flight on the killed node, every other): a failure is in flight when its request
    began before the node was gone and failed as it went (the kernel resets the node's
    connections at once; IN_FLIGHT_GRACE allows for the balancer passing the error on)."""
    if tally.kill is None:
        return [], list(tally.failures)
    sent, gone = tally.kill
    in_flight, other = [], []
    for failure in tally.failures:
        dying = failure.began <= gone and sent <= failure.ended <= gone + IN_FLIGHT_GRACE
        (in_flight if dying else other).append(failure)
    return in_flight, other
