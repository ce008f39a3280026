from django.urls import path

from .views import agenda as agenda_views
from .views import minutes as minutes_views

app_name = "proceedings"
urlpatterns: list = []

# room: the agenda, the rotation, the sittings and their minutes
urlpatterns += [
    path("<int:pk>/agenda/", agenda_views.agenda_page, name="agenda"),
    path("<int:pk>/agenda/generate/", agenda_views.agenda_generate, name="agenda_generate"),
    path("<int:pk>/agenda/new/", agenda_views.agenda_item_new, name="agenda_item_new"),
    path("<int:pk>/agenda/<int:item_id>/", agenda_views.agenda_item_edit, name="agenda_item"),
    path("<int:pk>/agenda/<int:item_id>/move/<slug:direction>/", agenda_views.agenda_item_move, name="agenda_move"),
    path("<int:pk>/agenda/<int:item_id>/delete/", agenda_views.agenda_item_delete, name="agenda_item_delete"),
    path("<int:pk>/rotation/", agenda_views.rotation_order, name="rotation_order"),
    path("<int:pk>/rotation/critics/<int:person_id>/", agenda_views.critics_edit, name="critics"),
    path("<int:pk>/minutes/", minutes_views.minutes_home, name="minutes"),
    path("<int:pk>/minutes/prepare/", minutes_views.sitting_prepare, name="sitting_prepare"),
    path("sittings/<int:sitting_id>/", minutes_views.sitting_detail, name="sitting"),
    path("sittings/<int:sitting_id>/attendance/", minutes_views.attendance_edit, name="attendance"),
    path("sittings/<int:sitting_id>/attendance/new/", minutes_views.attendance_new, name="attendance_new"),
    path("sittings/<int:sitting_id>/explanations/<int:person_id>/", minutes_views.explanation_edit,
         name="explanation"),
    path("sittings/<int:sitting_id>/comments/new/", minutes_views.comment_new, name="comment_new"),
    path("sittings/<int:sitting_id>/comments/<int:comment_id>/", minutes_views.comment_edit, name="comment"),
    path("sittings/<int:sitting_id>/finish/", minutes_views.minutes_finish, name="minutes_finish"),
    path("sittings/<int:sitting_id>/reopen/", minutes_views.minutes_reopen, name="minutes_reopen"),
    path("sittings/<int:sitting_id>/held/", minutes_views.sitting_hold, name="sitting_hold"),
    path("sittings/<int:sitting_id>/halt/", minutes_views.sitting_halt, name="sitting_halt"),
    path("slots/<int:slot_id>/", minutes_views.slot_edit, name="slot"),
    path("slots/<int:slot_id>/criticisms/new/", minutes_views.criticism_new, name="criticism_new"),
    path("criticisms/<int:criticism_id>/", minutes_views.criticism_detail, name="criticism"),
    path("criticisms/<int:criticism_id>/delete/", minutes_views.criticism_delete, name="criticism_delete"),
]

# The criticism planner (批评意见准备).
from .views import planner  # noqa: E402

urlpatterns += [
    path("<int:meeting_id>/planner/", planner.matrix, name="planner"),
    path("<int:meeting_id>/planner/mine/", planner.mine, name="planner_mine"),
    path("<int:meeting_id>/planner/add/", planner.add, name="planner_add"),
    path("<int:meeting_id>/planner/hints/", planner.hints_preview, name="planner_hints"),
    path("<int:meeting_id>/planner/critics/", planner.critics, name="planner_critics"),
    path("<int:meeting_id>/planner/planner.xlsx", planner.export, name="planner_xlsx"),
    path("planner/<int:plan_id>/edit/", planner.edit, name="planner_edit"),
    path("planner/<int:plan_id>/delete/", planner.delete, name="planner_delete"),
]
