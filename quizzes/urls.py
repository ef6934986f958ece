from django.urls import path

from . import views, views_contests

app_name = "quizzes"

urlpatterns = [
    path("", views.assessment_list, name="list"),
    path("competencies/", views.my_competencies, name="competencies"),
    path("attempt/<int:pk>/", views.attempt_take, name="take"),
    path("attempt/<int:pk>/save/", views.attempt_save, name="save"),
    path("attempt/<int:pk>/submit/", views.attempt_submit, name="submit"),
    path("attempt/<int:pk>/result/", views.attempt_result, name="result"),
    path("contests/", views_contests.contest_list, name="contest_list"),
    path("contests/<int:pk>/register/", views_contests.contest_register, name="contest_register"),
    path("contests/<int:pk>/play/", views_contests.contest_play, name="contest_play"),
    path("contests/<int:pk>/claim/", views_contests.contest_claim, name="contest_claim"),
    path("contests/<int:pk>/answer/", views_contests.contest_answer, name="contest_answer"),
    path("contests/<int:pk>/submit/", views_contests.contest_submit, name="contest_submit"),
    path("contests/<int:pk>/ranking/", views_contests.contest_ranking, name="contest_ranking"),
    path(
        "contests/<int:pk>/export.<str:fmt>",
        views_contests.contest_export,
        name="contest_export",
    ),
    path("<slug:slug>/", views.assessment_detail, name="detail"),
    path("<slug:slug>/start/", views.attempt_start, name="start"),
]
