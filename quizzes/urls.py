from django.urls import path

from . import views

app_name = "quizzes"

urlpatterns = [
    path("", views.assessment_list, name="list"),
    path("competencies/", views.my_competencies, name="competencies"),
    path("attempt/<int:pk>/", views.attempt_take, name="take"),
    path("attempt/<int:pk>/save/", views.attempt_save, name="save"),
    path("attempt/<int:pk>/submit/", views.attempt_submit, name="submit"),
    path("attempt/<int:pk>/result/", views.attempt_result, name="result"),
    path("<slug:slug>/", views.assessment_detail, name="detail"),
    path("<slug:slug>/start/", views.attempt_start, name="start"),
]
