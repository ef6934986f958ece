from django.urls import path

from . import views, views_plans

app_name = "courses"

urlpatterns = [
    path("search/", views.search, name="search"),
    path("my-learning/", views.my_learning, name="my_learning"),
    path("my-learning/<int:enrolment_id>/", views.enrolment_detail, name="enrolment_detail"),
    path("my-learning/<int:enrolment_id>/leave/", views.withdraw, name="withdraw"),
    path("calendar/<str:token>.ics", views_plans.calendar_feed, name="calendar_feed"),
    path("my-learning/calendar/rotate/", views_plans.calendar_feed_rotate, name="calendar_rotate"),
    path(
        "my-learning/notices/<int:notice_id>/dismiss/",
        views_plans.notice_dismiss,
        name="notice_dismiss",
    ),
    path("courses/<int:course_id>/enrol/", views.enrol, name="enrol"),
    path("lessons/<int:lesson_id>/heartbeat/", views.heartbeat, name="heartbeat"),
    path(
        "lessons/<int:lesson_id>/questions/<slug:block_id>/answer/",
        views.answer,
        name="answer",
    ),
]
