from django.urls import path

from . import views

app_name = "dashboards"

urlpatterns = [
    path("team/", views.my_team, name="my_team"),
    path("platform/", views.platform, name="platform"),
    path("team/person/<int:profile_id>/", views.person, name="person"),
    path("team/assign/", views.assign, name="assign"),
    path("team/remind/<int:target_id>/", views.remind, name="remind"),
    path("team/export/<slug:kind>.<slug:fmt>", views.export, name="export"),
    path("team/exports/<str:result_id>/", views.export_status, name="export_status"),
    path("team/exports/<str:result_id>/download/", views.export_download, name="export_download"),
]
