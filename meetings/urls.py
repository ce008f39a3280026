from django.urls import path

from . import plan_views, views

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("new/", views.meeting_create, name="create"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/edit/", views.meeting_edit, name="edit"),
    path("<int:pk>/milestones/", views.meeting_milestones, name="milestones"),
    path(
        "<int:pk>/milestones/<int:milestone_id>/toggle/",
        views.milestone_toggle,
        name="milestone_toggle",
    ),
    path("<int:pk>/stage/<slug:name>/", views.meeting_transition_view, name="transition"),
    path("<int:pk>/waivers/", views.meeting_waivers, name="waivers"),
    path("<int:pk>/plan/", plan_views.plan_detail, name="plan"),
    path("<int:pk>/plan/edit/", plan_views.plan_edit, name="plan_edit"),
    path("<int:pk>/plan/v/<int:number>/", plan_views.plan_version, name="plan_version"),
    path("<int:pk>/plan/duties/<int:duty_id>/toggle/", plan_views.duty_toggle, name="duty_toggle"),
    path("templates/", views.template_list, name="template_list"),
    path("templates/<int:pk>/copy/", views.template_copy, name="template_copy"),
    path("templates/<int:pk>/edit/", views.template_edit, name="template_edit"),
]
