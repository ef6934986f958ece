# Mounted at learning/ beside courses.urls (config.urls): the paths are the ones learners'
# calendar apps already subscribe to, so they must not change.
from django.urls import path

from . import views

app_name = "training"

urlpatterns = [
    path("my-learning/", views.my_learning, name="my_learning"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("my-learning/calendar/", views.calendar_link, name="calendar_link"),
    path("my-learning/calendar/rotate/", views.calendar_feed_rotate, name="calendar_rotate"),
    path(
        "my-learning/notices/<int:notice_id>/dismiss/",
        views.notice_dismiss,
        name="notice_dismiss",
    ),
]
