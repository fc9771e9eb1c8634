"""Screening routes, mounted under /programs/<slug>/cycles/<cycle_id>/applications/.

Applications are named by their number only: no personal data in addresses.
"""

from django.urls import path

from tandem.applications.views import screening as views

app_name = "screening"
urlpatterns = [
    path("", views.application_list, name="list"),
    path("export.csv", views.export_csv, name="export"),
    path("bulk/", views.bulk_decide, name="bulk"),
    path("<int:pk>/", views.application_detail, name="detail"),
    path("<int:pk>/decision/", views.application_decide, name="decide"),
    path("<int:pk>/conversation/", views.application_conversation, name="conversation"),
]
