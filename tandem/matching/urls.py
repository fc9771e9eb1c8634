"""Participants' side of matching: answering an introduction; choosing a mentor in self-selection mode."""

from django.urls import path

from tandem.matching import views

app_name = "introductions"
urlpatterns = [
    path("introductions/<int:pk>/", views.introduction, name="detail"),
    path("choose/<int:pk>/", views.choose_mentor, name="choose"),
    path("requests/", views.mentor_requests, name="requests"),
]
