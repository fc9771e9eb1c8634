"""Participants' side of matching: answering an introduction."""

from django.urls import path

from tandem.matching import views

app_name = "introductions"
urlpatterns = [
    path("introductions/<int:pk>/", views.introduction, name="detail"),
]
