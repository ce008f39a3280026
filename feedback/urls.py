from django.urls import path

from . import views

app_name = "feedback"
urlpatterns = [
    # The office, the members and the upper level (login required).
    path("meeting/<int:meeting_pk>/", views.meeting_home, name="meeting"),
    path("meeting/<int:meeting_pk>/setup/", views.solicitation_setup, name="setup"),
    path("<int:pk>/", views.overview, name="overview"),
    path("<int:pk>/link/<slug:action>/", views.link_action, name="link"),
    path("<int:pk>/qr.<slug:fmt>", views.qr_code, name="qr"),
    path("<int:pk>/poster/", views.poster, name="poster"),
    path("<int:pk>/opinions/", views.opinion_list, name="opinions"),
    path("<int:pk>/opinions/bulk/", views.opinion_bulk, name="bulk"),
    path("<int:pk>/opinions/new/", views.opinion_new, name="opinion_new"),
    path("<int:pk>/import/", views.opinion_import, name="import"),
    path("<int:pk>/import/template.xlsx", views.import_template, name="import_template"),
    path("<int:pk>/summary/", views.summary, name="summary"),
    path("<int:pk>/release/", views.release, name="release"),
    path("<int:pk>/mine/", views.my_feedback, name="mine"),
    path("opinion/<uuid:pk>/", views.opinion_detail, name="opinion"),
    # The public form: no login, reached by the unguessable link or its QR code.
    path("f/<slug:token>/", views.opinion_form, name="public"),
    path("f/<slug:token>/thanks/", views.thanks, name="public_thanks"),
]
