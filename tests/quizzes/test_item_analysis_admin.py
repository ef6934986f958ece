"""The item analysis screen in the Wagtail admin: only people who may edit tests see it (and its
export), its empty states, the charts with their data tables, flagged questions linking to their
edit pages, the way to it from the tests' listing and edit page, and a formula-safe export."""

import csv
import io

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from quizzes.services.analysis import item_analysis_execute, item_analysis_request
from tests.factories import UserFactory
from tests.factories.quizzes import AssessmentFactory
from tests.factories.trust import enrol_totp

from .item_analysis_data import choice_test, simulate


def _analysed(questions=4, count=60, **plan):
    assessment, versions = choice_test(questions)
    simulate(assessment, count=count, **plan)
    run = item_analysis_request(assessment=assessment)
    item_analysis_execute(run_id=run.pk)
    return assessment, versions


def _admin_user(*codenames):
    user = UserFactory()
    user.user_permissions.add(*Permission.objects.filter(codename__in=["access_admin", *codenames]))
    enrol_totp(user)
    return user


@pytest.mark.parametrize("name", ["quizzes_item_analysis", "quizzes_item_analysis_recompute"])
def test_only_people_who_may_edit_tests_get_the_screen_and_recompute(db, client, name):
    assessment = AssessmentFactory()
    client.force_login(_admin_user("view_assessment"))
    assert client.post(reverse(name, args=[assessment.pk])).status_code == 403
    client.force_login(_admin_user("change_assessment"))
    assert client.post(reverse(name, args=[assessment.pk])).status_code in (200, 302)


def test_a_learner_is_kept_out_and_an_unknown_test_is_404(client, learner, staff_admin):
    assessment = AssessmentFactory()
    client.force_login(learner)
    reply = client.get(reverse("quizzes_item_analysis", args=[assessment.pk]))
    assert reply.status_code in (302, 403)
    admin_client = client
    admin_client.force_login(staff_admin)
    assert admin_client.get(reverse("quizzes_item_analysis", args=[999999])).status_code == 404
    export = reverse("quizzes_item_analysis_export", args=[assessment.pk, "ods"])
    assert admin_client.get(export).status_code == 404
    # No analysis yet: nothing to export.
    export = reverse("quizzes_item_analysis_export", args=[assessment.pk, "csv"])
    assert admin_client.get(export).status_code == 404


def test_a_test_nobody_finished_says_so_and_offers_recompute(admin_client):
    assessment = AssessmentFactory()
    html = admin_client.get(reverse("quizzes_item_analysis", args=[assessment.pk])).content
    html = html.decode()
    assert 'data-role="empty"' in html and 'data-role="recompute"' in html
    assert 'data-role="test-statistics"' not in html


def test_too_few_responses_raise_no_flags_and_the_page_says_so(admin_client):
    assessment, _ = _analysed(questions=2, count=10, difficulty={})
    html = admin_client.get(reverse("quizzes_item_analysis", args=[assessment.pk])).content
    html = html.decode()
    assert 'data-role="too-few-responses"' in html and 'data-role="too-few"' in html
    assert "data-flag=" not in html


def test_the_screen_shows_charts_with_tables_and_links_flagged_questions_to_their_edit_page(
    admin_client,
):
    assessment, versions = choice_test(4)
    simulate(assessment, count=120, wrong_key={versions[2].pk})
    run = item_analysis_request(assessment=assessment)
    item_analysis_execute(run_id=run.pk)
    url = reverse("quizzes_item_analysis", args=[assessment.pk])
    html = admin_client.get(url).content.decode()
    assert 'id="chart-item-scatter"' in html and 'data-role="items"' in html
    assert 'id="chart-item-distractors"' in html and 'data-role="distractor-table"' in html
    edit = reverse("wagtailsnippets_quizzes_question:edit", args=[versions[2].question_id])
    assert f'href="{edit}" data-role="edit-question"' in html
    assert 'data-flag="likely_wrong_key"' in html
    # Another question's distractors on request; a hostile choice falls back to a flagged one.
    other = admin_client.get(url, {"q": str(versions[0].pk)}).content.decode()
    assert f'<option value="{versions[0].pk}" selected>' in other
    assert admin_client.get(url, {"q": "x" * 5000}).status_code == 200


def test_the_tests_listing_and_edit_page_lead_to_the_item_analysis(admin_client):
    assessment = AssessmentFactory()
    target = reverse("quizzes_item_analysis", args=[assessment.pk])
    listing = admin_client.get(reverse("wagtailsnippets_quizzes_assessment:list")).content
    assert target in listing.decode()
    edit = admin_client.get(
        reverse("wagtailsnippets_quizzes_assessment:edit", args=[assessment.pk])
    )
    assert target in edit.content.decode()


def test_the_export_neutralises_formulas_and_keeps_numbers_numbers(admin_client):
    assessment, versions = _analysed(questions=2, count=40)
    question = versions[0].question
    question.name = '=HYPERLINK("http://evil")'
    question.save(update_fields=["name"])
    csv_reply = admin_client.get(
        reverse("quizzes_item_analysis_export", args=[assessment.pk, "csv"])
    )
    assert csv_reply.status_code == 200
    rows = list(csv.reader(io.StringIO(csv_reply.content.decode("utf-8-sig"))))
    assert len(rows) == 3
    assert rows[1][1] == '\'=HYPERLINK("http://evil")'
    assert 0 <= float(rows[1][6]) <= 1  # the facility, written as a number
    xlsx_reply = admin_client.get(
        reverse("quizzes_item_analysis_export", args=[assessment.pk, "xlsx"])
    )
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_reply.content)).active
    cell = sheet.cell(row=2, column=2)
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("http://evil")'
    assert isinstance(sheet.cell(row=2, column=5).value, int)  # scored responses
