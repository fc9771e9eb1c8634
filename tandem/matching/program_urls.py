"""A program's matching settings, mounted under /programs/<slug>/matching-settings/."""

from django.urls import path

from tandem.matching import views

app_name = "matching_settings"
urlpatterns = [path("", views.matching_settings, name="edit")]
