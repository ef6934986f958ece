"""Numerical and essay questions through the import service and the admin question form."""

import pytest
from django.urls import reverse

from quizzes.admin_forms import QuestionAdminForm
from quizzes.formats.base import content_key
from quizzes.formats.gift import write_gift
from quizzes.models import Question, QuestionVersion
from quizzes.services import questions_export, questions_import
from tests.factories.quizzes import competence

from .sample_questions import every_field_questions

BANK = """$CATEGORY: 案例

// govlearn: {"word_limit": 500, "rubric": [{"criterion": "论点", "levels": [{"label": "缺失", "points": 0}, {"label": "清楚", "points": 4}]}]}
::论述::谈谈接诉即办。 {}

::办结率::办结率是百分之多少？ {#95:0.5}
"""


def versions():
    return {v.question.name: v for v in QuestionVersion.objects.select_related("question")}


def test_a_bank_with_an_essay_and_a_numerical_question_imports_and_reimports_unchanged(db):
    report = questions_import(data=BANK.encode(), fmt="gift", default_competence=competence("1.1"))
    assert report["ok"], report["problems"]
    assert report["created"] == 2
    essay = versions()["论述"]
    assert essay.qtype == "essay" and essay.payload["word_limit"] == 500
    rubric = essay.payload["rubric"]
    # The bank gives criteria and levels the ids marks will point at.
    assert rubric[0]["id"] and all(level["id"] for level in rubric[0]["levels"])
    assert versions()["办结率"].payload["answers"][0] == {
        "value": 95.0,
        "tolerance": 0.5,
        "fraction": 1.0,
        "feedback": "",
    }
    again = questions_import(data=BANK.encode(), fmt="gift", default_competence=competence("1.1"))
    assert (again["created"], again["unchanged"]) == (0, 2)
    assert versions()["论述"].payload["rubric"] == rubric  # the same rubric, the same ids


@pytest.mark.parametrize("fmt", ["gift", "moodle-xml", "xlsx"])
def test_exported_numerical_and_essay_questions_import_into_an_empty_bank_unchanged(db, fmt):
    questions_import(data=BANK.encode(), fmt="gift", default_competence=competence("1.1"))
    before = {
        name: content_key(v.qtype, v.text, v.explanation, v.payload)
        for name, v in versions().items()
    }
    exported, lossy = questions_export(questions=Question.objects.all(), fmt=fmt)
    assert lossy == []
    Question.objects.all().delete()
    report = questions_import(data=exported, fmt=fmt)
    assert report["ok"], report["problems"]
    after = {
        name: content_key(v.qtype, v.text, v.explanation, v.payload)
        for name, v in versions().items()
    }
    assert after == before


def test_every_sample_question_survives_the_bank_and_gift(db):
    questions_import(data=write_gift(every_field_questions()).encode(), fmt="gift")
    exported, _lossy = questions_export(questions=Question.objects.all(), fmt="gift")
    report = questions_import(data=exported, fmt="gift")
    assert report["unchanged"] == len(every_field_questions())


# --- the admin form --------------------------------------------------------------------------------


def form_data(content: str, **extra) -> dict:
    return {
        "name": extra.pop("name", "题"),
        "competence": competence("1.1").pk,
        "difficulty": "medium",
        "language": "zh-hans",
        "is_active": "on",
        "content": content,
        "unit_handling": "none",
        **extra,
    }


def test_an_essay_written_in_the_admin_keeps_its_material_limit_rubric_and_guide(admin_client):
    add = reverse("wagtailsnippets_quizzes_question:add")
    reply = admin_client.post(
        add,
        form_data(
            "结合材料谈谈接诉即办。 {}",
            name="接诉即办",
            material="某市热线一年受理诉求 300 万件。",
            word_limit="800",
            allow_file="on",
            marker_guide="看是否闭环。",
            rubric="论点: 缺失=0; 清楚=4\n对策：没有=0；可行=3",
        ),
    )
    assert reply.status_code == 302, reply.content.decode()[:3000]
    question = Question.objects.get(name="接诉即办")
    payload = question.current_version.payload
    assert (payload["material"], payload["word_limit"], payload["allow_file"]) == (
        "某市热线一年受理诉求 300 万件。",
        800,
        True,
    )
    assert payload["marker_guide"] == "看是否闭环。"
    assert [
        (c["criterion"], [(lv["label"], lv["points"]) for lv in c["levels"]])
        for c in payload["rubric"]
    ] == [
        ("论点", [("缺失", 0.0), ("清楚", 4.0)]),
        ("对策", [("没有", 0.0), ("可行", 3.0)]),
    ]
    edit = reverse("wagtailsnippets_quizzes_question:edit", args=[question.pk])
    page = admin_client.get(edit).content.decode()
    assert "论点: 缺失=0; 清楚=4" in page and "某市热线一年受理诉求" in page
    # Saving again with one level renamed keeps the ids of what did not change.
    reply = admin_client.post(
        edit,
        form_data(
            "结合材料谈谈接诉即办。 {}",
            name="接诉即办",
            material="某市热线一年受理诉求 300 万件。",
            word_limit="800",
            allow_file="on",
            marker_guide="看是否闭环。",
            rubric="论点: 缺失=0; 清楚有力=4\n对策：没有=0；可行=3",
        ),
    )
    assert reply.status_code == 302
    question.refresh_from_db()
    new = question.current_version.payload["rubric"]
    assert new[0]["id"] == payload["rubric"][0]["id"]
    assert new[0]["levels"][0]["id"] == payload["rubric"][0]["levels"][0]["id"]
    assert new[0]["levels"][1]["id"] != payload["rubric"][0]["levels"][1]["id"]
    assert new[1] == payload["rubric"][1]


def test_a_numerical_question_written_in_the_admin_keeps_its_units(admin_client):
    reply = admin_client.post(
        reverse("wagtailsnippets_quizzes_question:add"),
        form_data(
            "多长？ {#=1.5:0.01 =%50%1.5:0.1}",
            name="长度",
            units="m = 1\ncm = 100",
            unit_handling="required",
            unit_penalty="0.2",
        ),
    )
    assert reply.status_code == 302, reply.content.decode()[:3000]
    question = Question.objects.get(name="长度")
    payload = question.current_version.payload
    assert payload["units"] == [
        {"unit": "m", "multiplier": 1.0},
        {"unit": "cm", "multiplier": 100.0},
    ]
    assert (payload["unit_handling"], payload["unit_penalty"]) == ("required", 0.2)
    assert [a["fraction"] for a in payload["answers"]] == [1.0, 0.5]
    form = QuestionAdminForm(instance=question)
    assert form.fields["units"].initial == "m = 1\ncm = 100"
    assert (form.fields["unit_handling"].initial, form.fields["unit_penalty"].initial) == (
        "required",
        0.2,
    )
    assert form.fields["content"].initial.startswith("多长？ {#")


@pytest.mark.parametrize(
    ("content", "extra", "field"),
    [
        ("论述 {}", {"rubric": "论点 缺失=0"}, "rubric"),
        ("论述 {}", {"rubric": "论点: 只有一级=3"}, "rubric"),
        ("论述 {}", {"rubric": "论点: 差=0; 也差=0"}, "rubric"),
        ("论述 {}", {"word_limit": "lots"}, "word_limit"),
        ("论述 {}", {"word_limit": "-5"}, "word_limit"),
        ("论述 {}", {"word_limit": "99999999"}, "word_limit"),
        ("多少 {#3}", {"units": "m\ncm"}, "units"),
        ("多少 {#3}", {"units": "cm = 100\nm = 1"}, "units"),
        ("多少 {#3}", {"units": "m\nm = 2"}, "units"),
        ("多少 {#3}", {"unit_handling": "required"}, "units"),
        ("多少 {#3}", {"unit_handling": "sometimes"}, "unit_handling"),
        ("多少 {#3}", {"unit_penalty": "abc"}, "unit_penalty"),
        ("多少 {#3}", {"unit_penalty": "1.5"}, "unit_penalty"),
        ("多少 {#3}", {"unit_penalty": "NaN"}, "unit_penalty"),
        ("多少 {#three}", {}, "content"),
        ("多少 {#3:-1}", {}, "content"),
    ],
)
def test_every_bad_essay_or_numerical_value_is_a_form_error(db, content, extra, field):
    form = QuestionAdminForm(data=form_data(content, **extra))
    assert not form.is_valid()
    assert field in form.errors, form.errors
    assert not Question.objects.exists()


def test_a_bad_value_in_the_admin_is_shown_on_the_page_not_a_500(admin_client):
    reply = admin_client.post(
        reverse("wagtailsnippets_quizzes_question:add"),
        form_data("论述 {}", rubric="论点 没有冒号", unit_penalty="abc"),
    )
    assert reply.status_code == 200
    assert not Question.objects.exists()


def test_a_moodle_bank_holding_one_essay_is_imported_whole(db):
    from .test_numerical_essay_formats import MOODLE_XML

    bank = MOODLE_XML.replace(
        MOODLE_XML[
            MOODLE_XML.index('  <question type="calculated">') : MOODLE_XML.index("</quiz>")
        ],
        "",
    )
    report = questions_import(
        data=bank.encode(), fmt="moodle-xml", default_competence=competence("6.2")
    )
    assert report["ok"], report["problems"]
    assert report["created"] == 3
    assert sorted(v.qtype for v in QuestionVersion.objects.all()) == [
        "essay",
        "numerical",
        "numerical",
    ]
    # The truly unknown type still makes the whole file fail, and nothing more is written.
    from .test_numerical_essay_formats import MOODLE_XML as with_calculated

    report = questions_import(
        data=with_calculated.encode(), fmt="moodle-xml", default_competence=competence("6.2")
    )
    assert [p["code"] for p in report["problems"]] == ["unsupported_type"]
    assert Question.objects.count() == 3
