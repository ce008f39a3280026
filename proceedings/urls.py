from django.urls import path  # noqa: F401

from .views import report as report_views

app_name = "proceedings"
urlpatterns: list = []

# The situation report and the notice (issue 12 part 3).
urlpatterns += [
    path("reports/", report_views.report_list, name="reports"),
    path("meeting/<int:pk>/report/", report_views.report_page, name="report"),
    path("meeting/<int:pk>/report/compile/", report_views.report_compile, name="report_compile"),
    path("meeting/<int:pk>/report/addressee/", report_views.addressee_save, name="report_addressee"),
    path("meeting/<int:pk>/report/sections/<slug:key>/", report_views.section_save, name="report_section"),
    path("meeting/<int:pk>/report/sections/<slug:key>/refresh/", report_views.section_refresh,
         name="report_section_refresh"),
    path("meeting/<int:pk>/report/act/<slug:name>/", report_views.report_move, name="report_move"),
    path("meeting/<int:pk>/report/scan/", report_views.scan_upload, name="report_scan"),
    path("meeting/<int:pk>/report/scan/download/", report_views.scan_download, name="report_scan_download"),
    path("meeting/<int:pk>/notice/", report_views.notice_page, name="notice"),
    path("meeting/<int:pk>/notice/issue/", report_views.notice_issue, name="notice_issue"),
]
