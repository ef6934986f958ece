from django.urls import path

from . import views

app_name = "quizzes"

urlpatterns = [
    path("", views.assessment_list, name="list"),
    path("competencies/", views.my_competencies, name="competencies"),
    path("attempt/<int:pk>/", views.attempt_take, name="take"),
    path("attempt/<int:pk>/save/", views.attempt_save, name="save"),
    path("attempt/<int:pk>/submit/", views.attempt_submit, name="submit"),
    path("attempt/<int:pk>/next/", views.attempt_next, name="next"),
    path("attempt/<int:pk>/result/", views.attempt_result, name="result"),
    path("attempt/<int:pk>/file/<int:slot>/", views.answer_file, name="answer_file"),
    path("contests/", views.contest_list, name="contest_list"),
    path("contests/<int:pk>/register/", views.contest_register, name="contest_register"),
    path("contests/<int:pk>/play/", views.contest_play, name="contest_play"),
    path("contests/<int:pk>/claim/", views.contest_claim, name="contest_claim"),
    path("contests/<int:pk>/answer/", views.contest_answer, name="contest_answer"),
    path("contests/<int:pk>/submit/", views.contest_submit, name="contest_submit"),
    path("contests/<int:pk>/ranking/", views.contest_ranking, name="contest_ranking"),
    path(
        "contests/<int:pk>/export.<str:fmt>",
        views.contest_export,
        name="contest_export",
    ),
    path("<slug:slug>/", views.assessment_detail, name="detail"),
    path("<slug:slug>/start/", views.attempt_start, name="start"),
]
