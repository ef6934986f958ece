"""The blank sign-in sheet offered beside the on-site session upload: its only column is the one
the upload reads, its header is translated, and the downloaded template, filled in, uploads cleanly
and credits everyone on it."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from tests.factories import ProfileFactory, UserFactory
from training.models import CreditHourEntry, OnsiteSession
from training.signin_sheet import template

pytestmark = pytest.mark.django_db
ADD = "wagtailsnippets_training_onsitesession:add"


def _post(client, name: str, sheet: bytes):
    return client.post(
        reverse(ADD),
        {
            "title": "数据安全专题讲座",
            "date": "2026-05-20",
            "hours": "2",
            "category": "required",
            "location": "会议室",
            "employee_numbers": "",
            "sign_in_sheet": SimpleUploadedFile(name, sheet),
        },
    )


def _filled_csv(template_bytes: bytes, numbers: list[str]) -> bytes:
    rows = list(csv.reader(io.StringIO(template_bytes.decode("utf-8-sig"))))
    out = io.StringIO()
    csv.writer(out).writerows(rows + [[n] for n in numbers])
    return out.getvalue().encode("utf-8-sig")


def _filled_xlsx(template_bytes: bytes, numbers: list[str]) -> bytes:
    workbook = load_workbook(io.BytesIO(template_bytes))
    sheet = workbook.active
    for number in numbers:
        sheet.append([number])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_the_upload_screen_links_the_template(client, staff_admin):
    client.force_login(staff_admin)
    page = client.get(reverse(ADD)).content.decode()
    assert reverse("training_signin_sheet_template", args=["xlsx"]) in page
    assert reverse("training_signin_sheet_template", args=["csv"]) in page


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_downloaded_template_filled_in_uploads_cleanly(client, staff_admin, fmt):
    people = [ProfileFactory(employee_number=n) for n in ("00123", "E0456")]
    client.force_login(staff_admin)
    response = client.get(reverse("training_signin_sheet_template", args=[fmt]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="sign-in-sheet.{fmt}"'
    fill = _filled_csv if fmt == "csv" else _filled_xlsx
    sheet = fill(response.content, [p.employee_number for p in people])

    assert _post(client, f"签到表.{fmt}", sheet).status_code == 302

    session = OnsiteSession.objects.get()
    credited = CreditHourEntry.objects.filter(source_key=f"onsite:{session.pk}")
    assert set(credited.values_list("user", flat=True)) == {p.user_id for p in people}


def test_the_template_has_exactly_the_column_the_upload_reads_with_a_translated_header():
    with translation.override("zh-hans"):
        zh = list(csv.reader(io.StringIO(template("csv").decode("utf-8-sig"))))
    with translation.override("en"):
        sheet = load_workbook(io.BytesIO(template("xlsx"))).active
    assert zh == [["工号"]]
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [["Employee number"]]
    assert sheet.title == "Sign-in sheet"
    # Typed numbers stay text, so leading zeros survive Excel.
    assert sheet.column_dimensions["A"].number_format == "@"


def test_an_english_template_uploads_from_a_chinese_admin(client, staff_admin):
    person = ProfileFactory()
    with translation.override("en"):
        blank = template("csv")
    client.force_login(staff_admin)
    assert _post(client, "sheet.csv", _filled_csv(blank, [person.employee_number])).status_code == (
        302
    )
    assert CreditHourEntry.objects.filter(user=person.user).exists()


def test_only_people_who_record_sessions_get_the_template_and_a_bad_format_is_404(
    client, staff_admin
):
    from django.contrib.auth.models import Permission

    from tests.factories.trust import enrol_totp

    editor = UserFactory()  # may use the admin, may not record on-site sessions
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    enrol_totp(editor)
    client.force_login(editor)
    assert client.get(reverse("training_signin_sheet_template", args=["csv"])).status_code == 403
    client.force_login(staff_admin)
    assert client.get(reverse("training_signin_sheet_template", args=["ods"])).status_code == 404
