from django.urls import path

from tandem.programs import views

app_name = "programs"
urlpatterns = [
    path("", views.program_list, name="list"),
    path("documents/<int:pk>/", views.document, name="document"),
    path("<slug:slug>/", views.program_home, name="home"),
    path("<slug:slug>/edit/", views.program_edit, name="edit"),
    path("<slug:slug>/topics/", views.topics, name="topics"),
    path("<slug:slug>/topics/<int:topic_id>/", views.topic_edit, name="topic_edit"),
    path("<slug:slug>/topics/<int:topic_id>/remove/", views.topic_remove, name="topic_remove"),
    path("<slug:slug>/questionnaires/<str:kind>/", views.questionnaire, name="questionnaire"),
    path("<slug:slug>/questionnaires/<str:kind>/questions/", views.question_add, name="question_add"),
    path(
        "<slug:slug>/questionnaires/<str:kind>/questions/<int:question_id>/",
        views.question_edit,
        name="question_edit",
    ),
    path(
        "<slug:slug>/questionnaires/<str:kind>/questions/<int:question_id>/remove/",
        views.question_remove,
        name="question_remove",
    ),
    path(
        "<slug:slug>/questionnaires/<str:kind>/questions/<int:question_id>/restore/",
        views.question_restore,
        name="question_restore",
    ),
    path("<slug:slug>/cycles/new/", views.cycle_create, name="cycle_create"),
    path("<slug:slug>/cycles/<int:cycle_id>/edit/", views.cycle_edit, name="cycle_edit"),
    path("<slug:slug>/cycles/<int:cycle_id>/status/", views.cycle_status, name="cycle_status"),
    path("<slug:slug>/documents/", views.documents, name="documents"),
    path("<slug:slug>/documents/<int:document_id>/remove/", views.document_remove, name="document_remove"),
    path("<slug:slug>/documents/<int:document_id>/move/", views.document_move, name="document_move"),
    path("<slug:slug>/team/", views.team, name="team"),
    path("<slug:slug>/team/<int:program_role_id>/role/", views.team_role, name="team_role"),
    path("<slug:slug>/team/<int:program_role_id>/remove/", views.team_remove, name="team_remove"),
]
