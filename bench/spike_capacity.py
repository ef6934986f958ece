"""What the topology serves at most, per second and per core: contest starts, answer saves and
page views, each by a closed loop of clients through the balancer (for sizing, docs/operations.md).

    python -m bench.spike_capacity --contestants 300 --seconds 20 --clients 32

A closed loop: `clients` browsers, each sending its next request as soon as the last one was
answered, so the figure is what the servers give, not what an arrival pattern asks. Everything
shares the machine's cores: PostgreSQL, Redis, HAProxy, the workers and the clients themselves,
so the per-core figures understate what a core of a dedicated web node serves.

- starts: every contestant's first GET of the running contest (the paper was prepared before, as
  in production), each person once;
- answer saves: the autosave of one answer, by people who have started;
- page views: the contest's Wagtail page, logged in.

The last line of stdout is one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sys
import time
from datetime import timedelta

from bench.spike_clients import CSRF_INPUT, RADIO_INPUT, SLOT_INPUT, Site, Tally, timed
from bench.spike_stage import (
    SPREAD_SECONDS,
    build_stage,
    move_start,
    percentiles,
    prepare_papers,
    sessions_for,
)


def _processes() -> list[tuple[int, int, int, float]]:
    """(pid, parent pid, process group, CPU seconds used) of every process we can read."""
    tick = os.sysconf("SC_CLK_TCK")
    rows = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        # After the name: state, ppid, pgrp, …; utime and stime are the 12th and 13th.
        rows.append(
            (int(entry), int(fields[1]), int(fields[2]), (int(fields[11]) + int(fields[12])) / tick)
        )
    return rows


def cpu_probe(cluster):
    """A callable giving the CPU seconds used so far by the web nodes (masters and workers) and
    by the PostgreSQL primary (postmaster and backends): a machine busy with other work still
    gives requests per CPU-second of the part that served them."""
    groups = {node.popen.pid for node in cluster.nodes}
    postmaster = int((cluster.postgres.primary_dir / "postmaster.pid").read_text().split()[0])

    def probe() -> dict[str, float]:
        rows = _processes()
        return {
            "web": sum(cpu for _pid, _ppid, group, cpu in rows if group in groups),
            "postgres_primary": sum(
                cpu for pid, ppid, _group, cpu in rows if postmaster in (pid, ppid)
            ),
        }

    return probe


async def _loop(clients: int, jobs, work) -> tuple[int, float, list[float]]:
    """Run `work(job)` over `jobs` (an iterator) with `clients` at once; (done, seconds, times)."""
    done, times = 0, []
    began = time.perf_counter()

    async def client():
        nonlocal done
        for job in jobs:
            seconds = await work(job)
            if seconds is not None:
                done += 1
                times.append(seconds)

    await asyncio.gather(*(client() for _ in range(clients)))
    return done, time.perf_counter() - began, times


async def measure(*, site: Site, people, paths: dict, clients: int, seconds: float, probe) -> dict:
    import aiohttp

    tally = Tally()
    papers: dict[str, dict] = {}
    connector = aiohttp.TCPConnector(limit=0, force_close=True)
    async with aiohttp.ClientSession(
        connector=connector, timeout=aiohttp.ClientTimeout(total=120)
    ) as http:

        async def start(person):
            username, session = person
            reply = await timed(
                http,
                tally,
                "start",
                "GET",
                site.base + paths["play"],
                headers=site.headers(session),
            )
            if reply is None or 'id="attempt-form"' not in reply[2]:
                return None
            page, cookies = reply[2], reply[3]
            papers[username] = {
                "session": session,
                "csrf": cookies[site.csrf_cookie].value if site.csrf_cookie in cookies else None,
                "token": CSRF_INPUT.search(page).group(1),
                "slots": [int(s) for s in SLOT_INPUT.findall(page)],
                "options": RADIO_INPUT.findall(page),
            }
            return reply[0]

        cpu = [probe()]
        starts = await _loop(clients, iter(people), start)
        cpu.append(probe())

        def until(deadline):
            rng = random.Random(1)
            names = sorted(name for name, paper in papers.items() if paper["csrf"])
            while names and time.perf_counter() < deadline:
                yield papers[rng.choice(names)]

        async def save(paper):
            slot, value = random.choice(paper["options"])
            headers = site.headers(
                paper["session"],
                paper["csrf"],
                **{
                    "X-CSRFToken": paper["token"],
                    "Origin": site.origin,
                    "Accept": "application/json",
                },
            )
            reply = await timed(
                http,
                tally,
                "save",
                "POST",
                site.base + paths["answer"],
                data={"slots": slot, f"s{slot}": value},
                headers=headers,
            )
            return reply[0] if reply and reply[1] == 200 else None

        saves = await _loop(clients, until(time.perf_counter() + seconds), save)
        cpu.append(probe())

        async def view(paper):
            reply = await timed(
                http,
                tally,
                "view",
                "GET",
                site.base + paths["page"],
                headers=site.headers(paper["session"]),
            )
            return reply[0] if reply and reply[1] == 200 else None

        views = await _loop(clients, until(time.perf_counter() + seconds), view)
        cpu.append(probe())

    cores = os.cpu_count() or 1

    def figures(result, before, after):
        done, elapsed, times = result
        per_second = done / elapsed if elapsed else 0.0
        used = {part: after[part] - before[part] for part in after}
        return {
            "done": done,
            "seconds": round(elapsed, 2),
            "per_second": round(per_second, 1),
            # Wall clock over the machine's cores, whatever else ran on them.
            "per_core_per_second": round(per_second / cores, 1),
            # Per CPU-second the part really used: what one core given to it would serve.
            **{
                f"per_{part}_cpu_second": round(done / seconds, 1) if seconds else None
                for part, seconds in used.items()
            },
            "cpu_seconds": {part: round(seconds, 2) for part, seconds in used.items()},
            "latency": percentiles(times),
        }

    return {
        "cores": cores,
        "load_average": os.getloadavg(),
        "clients": clients,
        "starts": figures(starts, cpu[0], cpu[1]),
        "answer_saves": figures(saves, cpu[1], cpu[2]),
        "page_views": figures(views, cpu[2], cpu[3]),
        "server_errors": len(tally.failures),
        "server_error_examples": tally.server_errors[:5],
        "served_by": dict(tally.served_by),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.spike_capacity")
    parser.add_argument("--contestants", type=int, default=300)
    parser.add_argument("--seconds", type=float, default=20, help="per measured loop")
    parser.add_argument("--clients", type=int, default=32, help="browsers at once")
    parser.add_argument("--web-workers", type=int, default=2, help="gunicorn processes a node")
    parser.add_argument("--storage", choices=["s3", "local"], default="s3")
    args = parser.parse_args(argv)

    from bench.cluster import Cluster

    with Cluster(web_workers=args.web_workers, storage=args.storage) as cluster:
        os.environ.update(cluster.env)
        import django

        django.setup()
        from django.conf import settings
        from django.urls import reverse
        from django.utils import timezone, translation

        contest, users = build_stage(contestants=args.contestants, questions=10, duration=3600)
        prepare_papers(contest, workers_running=True)
        cookies = sessions_for(users)
        # Running since just over the entry spread: everyone may start at once.
        contest = move_start(contest, timezone.now() - timedelta(seconds=SPREAD_SECONDS + 2))
        with translation.override(settings.LANGUAGE_CODE):
            paths = {
                "play": reverse("quizzes:contest_play", args=[contest.pk]),
                "answer": reverse("quizzes:contest_answer", args=[contest.pk]),
                "page": contest.url,
            }
        site = Site(cluster.url, settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME)
        people = [(u.username, c) for u, c in zip(users, cookies, strict=True)]
        report = asyncio.run(
            measure(
                site=site,
                people=people,
                paths=paths,
                clients=args.clients,
                seconds=args.seconds,
                probe=cpu_probe(cluster),
            )
        )
        report["topology"] = {
            "nodes": len(cluster.nodes),
            "web_workers_per_node": cluster.web_workers,
            "threads": cluster.threads,
        }
    print(json.dumps(report, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
