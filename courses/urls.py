from django.urls import path

from . import views

app_name = "courses"

urlpatterns = [
    path("search/", views.search, name="search"),
    path("my-learning/", views.my_learning, name="my_learning"),
]
