from django.urls import path

from . import views

app_name = "organizations"
urlpatterns = [
    path("", views.organization_list, name="list"),
    path("<int:pk>/", views.organization_detail, name="detail"),
    path(
        "<int:pk>/people/<int:person_id>/reset-password/",
        views.person_password_reset_view,
        name="password_reset",
    ),
]

# Roster import (organizations/roster.py): template download, upload, preview, confirm.
from . import roster_views  # noqa: E402

urlpatterns += [
    path("roster/template.xlsx", roster_views.roster_template, name="roster_template"),
    path("<int:pk>/roster/import/", roster_views.roster_import, name="roster_import"),
]

from . import settings_views  # noqa: E402

urlpatterns += [
    path("<int:pk>/reminders/", settings_views.reminder_settings, name="reminder_settings"),
]

# 督导组 an organisation sends (organizations/groups.py).
from . import group_views  # noqa: E402

urlpatterns += [
    path("<int:pk>/groups/", group_views.group_list, name="groups"),
    path("<int:pk>/groups/new/", group_views.group_create, name="group_create"),
    path("groups/<int:group_id>/edit/", group_views.group_edit, name="group_edit"),
    path("groups/<int:group_id>/end/", group_views.group_end, name="group_end"),
]
