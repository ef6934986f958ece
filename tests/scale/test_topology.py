"""The scale-out topology, small, in every `make test`: bench/cluster.py starts it from real parts
(PostgreSQL primary and streaming replica, Redis, moto's S3 server, two gunicorn nodes behind
HAProxy, two task workers, a scheduler) and these tests use it only through the balancer, as
browsers do. The full contest spike through the same topology is in `make bench` and
`make scale-test`.

The tests run in file order on one module-wide topology; the last one kills a node.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest

from bench.cluster import PRIVATE_BUCKET, PUBLIC_BUCKET, Cluster
from core.clock import local_today
from tests.scale.browser import Browser

SEED = Path(__file__).with_name("seed.py")


@pytest.fixture(scope="module")
def cluster():
    # Managers need no second factor here: the test logs them in with a password only.
    # CLUSTER_KEEP=1 keeps the topology's folder and logs (the path is printed) to look into.
    with Cluster(
        web_workers=1,
        threads=4,
        task_workers=2,
        extra_env={"MFA_REQUIRED_ROLES": "platform_admin"},
        keep=bool(os.environ.get("CLUSTER_KEEP")),
    ) as cluster:
        output = cluster.manage("shell", input=SEED.read_text())
        cluster.seed = json.loads(output.split("SEED ", 1)[1])
        yield cluster


def logged_in(cluster, who: str) -> Browser:
    browser = Browser(cluster.url)
    seed = cluster.seed
    browser.log_in(seed["paths"]["login"], seed["people"][who], seed["password"])
    return browser


def test_requests_through_the_balancer_reach_both_nodes(cluster):
    served = Counter()
    browser = logged_in(cluster, "learner_a")
    for n in range(30):
        page = browser.get("/healthz" if n % 2 else cluster.seed["paths"]["course"])
        assert page.status == 200, page.text[:300]
        served[page.node] += 1
    assert set(served) == {"web1", "web2"}, served
    assert sum(served.values()) == 30


def test_a_dashboard_reads_the_replica_once_it_replayed_and_the_writer_reads_its_own_write(
    cluster,
):
    seed = cluster.seed
    writer, reader = logged_in(cluster, "manager_a"), logged_in(cluster, "manager_b")
    cluster.wait_replayed()
    title = seed["course_title"]
    assert title not in reader.get(seed["paths"]["my_team"]).text

    # With the replica's replay paused, only the primary has the assignment: the writer sees it
    # (read-your-writes sends their dashboard to the primary), the other manager does not yet
    # (their dashboard reads the replica).
    cluster.postgres.pause_replay()
    try:
        due = (local_today() + timedelta(days=60)).isoformat()
        page = writer.post_form(
            seed["paths"]["assign"],
            {"course": seed["course_id"], "units": seed["unit_id"], "due_date": due},
        )
        assert page.status == 302, page.text[:500]
        assert title in writer.get(seed["paths"]["my_team"]).text
        stale = reader.get(seed["paths"]["my_team"])
        assert stale.status == 200
        assert title not in stale.text
    finally:
        cluster.postgres.resume_replay()
    cluster.wait_replayed()
    assert title in reader.get(seed["paths"]["my_team"]).text
    assert title in writer.get(seed["paths"]["my_team"]).text


def test_a_file_goes_through_object_storage_and_back_from_either_node(cluster):
    seed = cluster.seed
    learner = logged_in(cluster, "learner_b")
    content = f"Notes for the expert, {cluster.port}.\n".encode()
    page = learner.post_form(
        seed["paths"]["ask"],
        {"title": "A question with notes", "body": "Please see my notes.", "visibility": "private"},
        form_path=seed["paths"]["ask"].rsplit("ask/", 1)[0],
        files={"attachment": ("notes.txt", content, "text/plain")},
    )
    assert page.status == 302, page.text[:500]
    attachment = page.location.rstrip("/") + "/attachment/"
    served = Counter()
    for _ in range(6):
        download = learner.get(attachment)
        assert download.status == 200
        assert download.content == content
        served[download.node] += 1
    assert set(served) == {"web1", "web2"}
    # The bytes are in the private bucket, and nowhere on the nodes' disk.
    s3 = cluster.s3.client()
    bodies = [
        s3.get_object(Bucket=PRIVATE_BUCKET, Key=item["Key"])["Body"].read()
        for item in s3.list_objects_v2(Bucket=PRIVATE_BUCKET).get("Contents", [])
    ]
    assert content in bodies
    assert not any(path.is_file() for path in (cluster.root / "private").rglob("*"))
    # The course's material (a Wagtail document) went to the public bucket.
    assert s3.list_objects_v2(Bucket=PUBLIC_BUCKET).get("KeyCount", 0) >= 1
    # An anonymous browser gets nothing of it.
    assert Browser(cluster.url).get(attachment).status in (302, 403, 404)


def test_requests_carry_on_through_the_other_node_when_one_is_killed(cluster):
    learner = logged_in(cluster, "learner_a")
    cluster.kill_node("web1")
    served = Counter()
    for n in range(20):
        page = learner.get("/healthz" if n % 2 else cluster.seed["paths"]["course"])
        assert page.status == 200, page.text[:300]
        served[page.node] += 1
    assert served == {"web2": 20}
    cluster.wait_nodes_down("web1")
