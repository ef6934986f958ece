"""A bulk issue that the worker has not started yet reads "queued", not "0 of 0" at 100%."""

from decimal import Decimal

import pytest
from django.urls import reverse

from certificates.models import BulkIssue
from tests.factories import courses as course_factories
from tests.factories.certificates import completed_enrolment
from tests.factories.people import UserFactory
from trust.services import mfa_totp_enrol

pytestmark = pytest.mark.django_db


def test_a_queued_bulk_issue_reads_queued_and_shows_no_finished_bar(client):
    admin = UserFactory(is_superuser=True, is_staff=True)
    mfa_totp_enrol(user=admin, secret="JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    client.force_login(admin)
    course = course_factories.course(lessons=0, credit_hours=Decimal("1.5"))
    completed_enrolment(course=course)
    # No run_tasks(): the task stays queued, as it is until a worker picks it up.
    client.post(reverse("certificates_bulk_list"), {"course": course.pk})
    bulk = BulkIssue.objects.get()
    assert bulk.status == BulkIssue.Status.QUEUED
    page = client.get(reverse("certificates_bulk_detail", args=[bulk.pk])).content.decode()
    progress = page[page.index('class="nice-padding bulk-progress"') :]
    progress = progress[: progress.index("</div>")]
    assert "正在等待后台任务开始" in progress  # "waiting for the task worker to start" (zh-Hans)
    assert " of 0 issued" not in progress and 'value="100"' not in progress
