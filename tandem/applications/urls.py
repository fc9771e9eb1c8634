from django.urls import path

from tandem.applications.views import participant as views

# `role` is mentor or mentee; the selectors answer 404 for anything else.
app_name = "applications"
urlpatterns = [
    path("", views.journey, name="journey"),
    path("open/", views.open_cycles, name="open_cycles"),
    path("cycles/<int:cycle_id>/self-assessment/<str:role>/", views.self_assess, name="self_assess"),
    path(
        "cycles/<int:cycle_id>/self-assessment/<str:role>/result/",
        views.self_assessment_result,
        name="self_assessment_result",
    ),
    path("cycles/<int:cycle_id>/apply/", views.apply, name="apply"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
]
