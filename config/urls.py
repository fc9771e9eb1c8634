from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from tandem.core.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
]

urlpatterns += i18n_patterns(
    path("", include("tandem.core.urls")),
    path("accounts/", include("allauth.urls")),
    path("profile/", include("tandem.accounts.urls")),
    path("programs/", include("tandem.programs.urls")),
    path(
        "programs/<slug:slug>/cycles/<int:cycle_id>/applications/",
        include("tandem.applications.screening_urls"),
    ),
    path("programs/<slug:slug>/cycles/<int:cycle_id>/matching/", include("tandem.matching.staff_urls")),
    path("programs/<slug:slug>/matching-settings/", include("tandem.matching.program_urls")),
    path("matching/", include("tandem.matching.urls")),
    path("applications/", include("tandem.applications.urls")),
    path("workspace/", include("tandem.relationships.urls")),
    path("workspace/<int:pk>/check-ins/", include("tandem.evaluations.urls")),
    path(
        "programs/<slug:slug>/cycles/<int:cycle_id>/relationships/",
        include("tandem.relationships.staff_urls"),
    ),
    path("programs/<slug:slug>/workspace/", include("tandem.relationships.settings_urls")),
    path("notifications/", include("tandem.notifications.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
