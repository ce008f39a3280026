from django.urls import path

from .views import preparation

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
