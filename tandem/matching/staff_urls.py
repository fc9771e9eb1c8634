"""Committee matching routes, mounted under /programs/<slug>/cycles/<cycle_id>/matching/."""

from django.urls import path

from tandem.matching import views

app_name = "matching"
urlpatterns = [
    path("", views.board, name="board"),
    path("run/", views.run, name="run"),
    path("run/status/", views.run_status, name="run_status"),
    path("approve/", views.approve, name="approve"),
    path("introductions/", views.send_introductions, name="introduce"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal"),
    path("proposals/<int:pk>/swap/", views.swap, name="swap"),
    path("proposals/<int:pk>/rules/", views.add_rule, name="add_rule"),
    path("rules/<int:rule_id>/remove/", views.remove_rule, name="remove_rule"),
]
