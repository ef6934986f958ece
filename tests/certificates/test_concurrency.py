"""Exactly one certificate per achievement when triggers race, on real concurrent PostgreSQL
connections (the partial unique constraint and the serial counter's row lock decide)."""

import threading

import pytest
from django.db import connection

from certificates import services
from certificates.models import Certificate, SerialCounter
from courses.models import Enrolment
from courses.signals import course_completed
from tests.factories.certificates import completed_enrolment
from tests.factories.people import UserFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


def _race(target, count: int) -> list[BaseException]:
    barrier = threading.Barrier(count)
    errors: list[BaseException] = []

    def run():
        try:
            barrier.wait(timeout=10)
            target()
        except BaseException as error:  # collected and asserted on below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


def test_completion_signalled_in_parallel_issues_exactly_one_certificate():
    enrolment = completed_enrolment()

    def trigger():
        course_completed.send(
            sender=Enrolment, enrolment=enrolment, user=enrolment.user, course=enrolment.course
        )

    assert _race(trigger, 4) == []
    assert Certificate.objects.filter(holder=enrolment.user).count() == 1


def test_issue_service_run_in_parallel_returns_the_same_certificate_everywhere():
    enrolment = completed_enrolment()
    issued: list[int] = []

    def issue():
        issued.append(services.certificate_issue_for_enrolment(enrolment=enrolment).pk)

    assert _race(issue, 4) == []
    assert len(set(issued)) == 1 and len(issued) == 4
    assert Certificate.objects.count() == 1


def test_parallel_issues_for_different_people_get_distinct_consecutive_serials():
    users = [UserFactory() for _ in range(6)]
    serials: list[str] = []
    lock = threading.Lock()
    queue = list(users)

    def issue():
        with lock:
            user = queue.pop()
        cert = services.certificate_issue(
            holder=user, kind="course_completion", achievement_key="course:1", title="并发课程"
        )
        serials.append(cert.serial)

    assert _race(issue, 6) == []
    numbers = sorted(int(serial[-6:]) for serial in serials)
    assert numbers == list(range(numbers[0], numbers[0] + 6))
    assert SerialCounter.objects.get().last == numbers[-1]
