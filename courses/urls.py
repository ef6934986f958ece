from django.urls import path

from . import views

app_name = "courses"

urlpatterns = [
    path("search/", views.search, name="search"),
    path("my-learning/<int:enrolment_id>/", views.enrolment_detail, name="enrolment_detail"),
    path("my-learning/<int:enrolment_id>/leave/", views.withdraw, name="withdraw"),
    path("courses/<int:course_id>/enrol/", views.enrol, name="enrol"),
    path("lessons/<int:lesson_id>/heartbeat/", views.heartbeat, name="heartbeat"),
    path(
        "lessons/<int:lesson_id>/questions/<slug:block_id>/answer/",
        views.answer,
        name="answer",
    ),
]
