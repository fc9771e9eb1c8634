from django.urls import path, register_converter

from tandem.applications.views import participant as views


class RoleConverter:
    """Only 'mentor' or 'mentee' in addresses: anything else is not a page (404)."""

    regex = "mentor|mentee"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return str(value)


register_converter(RoleConverter, "role")

app_name = "applications"
urlpatterns = [
    path("", views.journey, name="journey"),
    path("open/", views.open_cycles, name="open_cycles"),
    path("cycles/<int:cycle_id>/self-assessment/<role:role>/", views.self_assess, name="self_assess"),
    path(
        "cycles/<int:cycle_id>/self-assessment/<role:role>/result/",
        views.self_assessment_result,
        name="self_assessment_result",
    ),
    path("cycles/<int:cycle_id>/apply/", views.apply, name="apply"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
]
