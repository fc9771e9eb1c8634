"""Screening routes, mounted under /programs/<slug>/cycles/<cycle_id>/applications/."""

app_name = "screening"
urlpatterns: list = []
