from django.urls import path

from . import views

app_name = "qanda"

urlpatterns = [
    path("mine/", views.my_questions, name="my_questions"),
    path("mine/notices/read/", views.notices_read, name="notices_read"),
    path("inbox/", views.inbox, name="inbox"),
    path("quality/", views.quality_summary, name="quality_summary"),
    path("course/<int:course_id>/", views.course_questions, name="course_questions"),
    path("course/<int:course_id>/ask/", views.ask, name="ask"),
    path("<int:question_id>/", views.question_detail, name="question_detail"),
    path("<int:question_id>/attachment/", views.question_attachment, name="attachment"),
    path("<int:question_id>/reply/", views.answer, name="answer"),
    path("<int:question_id>/resolve/", views.resolve, name="resolve"),
    path("<int:question_id>/close/", views.close, name="close"),
    path("<int:question_id>/merge/", views.merge, name="merge"),
    path("<int:question_id>/answers/<int:answer_id>/promote/", views.promote, name="promote"),
]
