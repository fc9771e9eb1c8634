from django.urls import path

from tandem.evaluations import views

# Mounted at /<lang>/workspace/<pk>/check-ins/ (config/urls.py): part of the pair's workspace.
app_name = "evaluations"
urlpatterns = [
    path("", views.checkins, name="checkins"),
    path("<str:kind>/<int:period>/", views.answer, name="answer"),
]
