from django.urls import path

from tandem.relationships.views import workspace as views

app_name = "relationships"
urlpatterns = [
    path("", views.my_relationships, name="mine"),
    path("<int:pk>/", views.home, name="home"),
    path("<int:pk>/agreement/", views.agreement, name="agreement"),
    path("<int:pk>/agreement/edit/", views.agreement_edit, name="agreement_edit"),
    path("<int:pk>/confidentiality/", views.confidentiality, name="confidentiality"),
    path("<int:pk>/goals/", views.goals, name="goals"),
    path("<int:pk>/goals/new/", views.goal_create, name="goal_create"),
    path("<int:pk>/goals/<int:goal_id>/", views.goal_edit, name="goal_edit"),
    path("<int:pk>/meetings/", views.meetings, name="meetings"),
    path("<int:pk>/meetings/log/", views.meeting_log, name="meeting_log_new"),
    path("<int:pk>/meetings/<int:meeting_id>/log/", views.meeting_log, name="meeting_log"),
    path("<int:pk>/meetings/<int:meeting_id>/confirm/", views.meeting_confirm, name="meeting_confirm"),
    path("<int:pk>/meetings/<int:meeting_id>/cancel/", views.meeting_cancel, name="meeting_cancel"),
    path("<int:pk>/meetings/<int:meeting_id>/invitation.ics", views.meeting_ics_download, name="meeting_ics"),
    path("<int:pk>/concern/", views.concern, name="concern"),
    path("<int:pk>/credits/", views.credits, name="credits"),
    path("<int:pk>/closure/", views.closure, name="closure"),
]
