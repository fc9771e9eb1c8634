from django.urls import path

from tandem.applications import views

app_name = "applications"
urlpatterns = [
    path("", views.journey, name="journey"),
]
