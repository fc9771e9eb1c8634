from django.urls import path

from tandem.applications.views import participant as views

app_name = "applications"
urlpatterns = [
    path("", views.journey, name="journey"),
]
