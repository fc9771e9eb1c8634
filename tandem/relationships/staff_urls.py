from django.urls import path

from tandem.relationships.views import staff as views

# Mounted at /<lang>/programs/<slug>/cycles/<cycle_id>/relationships/ (config/urls.py).
app_name = "relationships_staff"
urlpatterns = [
    path("", views.relationship_list, name="list"),
    path("invite-next-cycle/", views.invite_next_cycle, name="invite_next_cycle"),
]
