"""Two "Remind" clicks at the same moment send one reminder, on real concurrent PostgreSQL
connections: the target's row lock makes the second wait for the first, then the cool-down
refuses it."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from people.models import Role
from tests.factories import OrgUnitFactory, ProfileFactory, UserFactory, grant_role
from tests.factories import courses as course_factories
from training.actions import RemindAction
from training.models import Notice, ReminderSent
from training.services import training_assignment_create

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_double_click_sends_one_reminder(mailoutbox):
    unit = OrgUnitFactory()
    manager = UserFactory()
    grant_role(manager, Role.MANAGER, unit, enrol_mfa=False)
    learner = ProfileFactory(org_unit=unit).user
    assignment = training_assignment_create(
        assigned_by=manager,
        course=course_factories.course(lessons=1),
        users=[learner],
        due_date=timezone.localdate() + dt.timedelta(days=30),
    )
    target = assignment.targets.get()
    clicks = 4
    barrier = threading.Barrier(clicks)
    outcomes: list[str] = []

    def click():
        try:
            barrier.wait(timeout=10)
            RemindAction(target).execute(manager)
            outcomes.append("sent")
        except ValidationError:
            outcomes.append("refused")
        except BaseException as error:  # collected and asserted on below
            outcomes.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(clicks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["refused"] * (clicks - 1) + ["sent"]
    assert ReminderSent.objects.filter(target=target).count() == 1
    assert Notice.objects.filter(user=learner).count() == 1
    assert len(mailoutbox) == 1
