from django.urls import path

from tandem.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.profile, name="profile"),
    path("my-data/", views.export_data, name="export"),
    path("erase/", views.erase, name="erase"),
]
