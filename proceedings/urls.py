from django.urls import path

from .views import agenda as agenda_views
from .views import minutes as minutes_views
from .views import mode as mode_views
from .views import planner, preparation
from .views import report as report_views

app_name = "proceedings"
urlpatterns: list = [
    path("<int:pk>/preparation/", preparation.preparation, name="preparation"),
    path("<int:pk>/preparation/compile/", preparation.report_compile_view, name="report_compile"),
    path("<int:pk>/preparation/report/", preparation.report_edit, name="report_edit"),
    path("<int:pk>/preparation/refresh/", preparation.report_refresh, name="report_refresh"),
    path("<int:pk>/preparation/recompile/", preparation.report_recompile, name="report_recompile"),
    path("<int:pk>/preparation/application/", preparation.application_edit, name="application_edit"),
    path("<int:pk>/preparation/send/", preparation.send, name="send"),
    path("<int:pk>/convening/", preparation.convening, name="convening"),
    path("<int:pk>/convening/approve/", preparation.convening_approve_view, name="approve"),
    path("<int:pk>/convening/postpone/", preparation.convening_postpone_view, name="postpone"),
]

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

# The situation report and the notice (issue 12 part 3).
urlpatterns += [
    path("reports/", report_views.report_list, name="reports"),
    path("<int:pk>/report/", report_views.report_page, name="report"),
    path("<int:pk>/report/compile/", report_views.report_compile, name="situation_compile"),
    path("<int:pk>/report/addressee/", report_views.addressee_save, name="report_addressee"),
    path("<int:pk>/report/sections/<slug:key>/", report_views.section_save, name="report_section"),
    path("<int:pk>/report/sections/<slug:key>/refresh/", report_views.section_refresh,
         name="report_section_refresh"),
    path("<int:pk>/report/act/<slug:name>/", report_views.report_move, name="report_move"),
    path("<int:pk>/report/scan/", report_views.scan_upload, name="report_scan"),
    path("<int:pk>/report/scan/download/", report_views.scan_download, name="report_scan_download"),
    path("<int:pk>/notice/", report_views.notice_page, name="notice"),
    path("<int:pk>/notice/issue/", report_views.notice_issue, name="notice_issue"),
]

# mode: meeting mode (the recorder's screen, the projector, the presses, closing)
urlpatterns += [
    path("<int:pk>/mode/", mode_views.recorder, name="mode"),
    path("<int:pk>/mode/projector/", mode_views.projector, name="mode_projector"),
    path("<int:pk>/mode/state/", mode_views.state, name="mode_state"),
    path("<int:pk>/mode/events/", mode_views.events, name="mode_events"),
    path("<int:pk>/mode/press/", mode_views.press, name="mode_press"),
    path("<int:pk>/mode/prepare/", mode_views.prepare, name="mode_prepare"),
    path("<int:pk>/mode/close/", mode_views.close, name="mode_close"),
]

# The criticism planner (批评意见准备).
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
