"""An admin records an on-site session in the Wagtail admin with a sign-in sheet; saving credits the
attendees once. A sheet with any unknown number is rejected whole, with the row named."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import ProfileFactory
from training.models import CreditHourEntry, OnsiteSession

pytestmark = pytest.mark.django_db
ADD = "wagtailsnippets_training_onsitesession:add"


def _post(client, sheet: bytes, numbers: str = ""):
    return client.post(
        reverse(ADD),
        {
            "title": "数据安全专题讲座",
            "date": "2026-05-20",
            "hours": "3",
            "category": "required",
            "location": "会议室",
            "employee_numbers": numbers,
            "sign_in_sheet": SimpleUploadedFile("签到表.csv", sheet, content_type="text/csv"),
        },
    )


def test_sign_in_sheet_credits_every_attendee(client, staff_admin):
    a, b, c = (ProfileFactory() for _ in range(3))
    client.force_login(staff_admin)
    sheet = f"employee_number\n{a.employee_number}\n{b.employee_number}\n".encode()
    response = _post(client, sheet, numbers=c.employee_number)
    assert response.status_code == 302
    session = OnsiteSession.objects.get()
    credited = set(
        CreditHourEntry.objects.filter(source_key=f"onsite:{session.pk}").values_list(
            "user", flat=True
        )
    )
    assert credited == {a.user_id, b.user_id, c.user_id}
    assert CreditHourEntry.objects.first().hours == Decimal("3")


def test_a_sheet_with_an_unknown_number_changes_nothing(client, staff_admin):
    a = ProfileFactory()
    client.force_login(staff_admin)
    response = _post(client, f"工号\n{a.employee_number}\nX-404\n".encode())
    assert response.status_code == 200
    assert "Row 3" in response.content.decode() or "第 3" in response.content.decode()
    assert not OnsiteSession.objects.exists() and not CreditHourEntry.objects.exists()
