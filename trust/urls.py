from django.urls import path

from . import views

app_name = "trust"

urlpatterns = [
    path("security/", views.account, name="account"),
    path("security/sessions/", views.sessions, name="sessions"),
    path("security/sessions/end-others/", views.sessions_end_others, name="sessions_end_others"),
    path("security/sessions/<int:pk>/end/", views.session_end_view, name="session_end"),
    path("my-data/", views.personal_data, name="personal_data"),
    path("my-data/export.json", views.personal_data_json, name="personal_data_json"),
    path("my-data/export.html", views.personal_data_html, name="personal_data_html"),
]
