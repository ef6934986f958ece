from django.urls import path

from . import views

app_name = "dashboards"

urlpatterns = [path("team/", views.my_team, name="my_team")]
