from django.urls import path

from tandem.relationships.views import staff as views

# Mounted at /<lang>/programs/<slug>/workspace/ (config/urls.py): the program's texts for pair workspaces.
app_name = "workspace_settings"
urlpatterns = [path("", views.workspace_settings, name="edit")]
