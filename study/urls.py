from django.urls import path

from . import library_views, views

app_name = "study"
urlpatterns = [
    path("meetings/<int:pk>/", views.meeting_study, name="meeting"),
    path("meetings/<int:pk>/sessions/new/", views.session_create, name="session_create"),
    path("meetings/<int:pk>/self-study/new/", views.self_study_create, name="self_study_create"),
    path("meetings/<int:pk>/export.xlsx", views.study_export, name="export"),
    path("sessions/<int:pk>/", views.session_detail, name="session_detail"),
    path("sessions/<int:pk>/edit/", views.session_edit, name="session_edit"),
    path("sessions/<int:pk>/delete/", views.session_delete, name="session_delete"),
    path("attendance/<int:pk>/edit/", views.attendance_edit, name="attendance_edit"),
    path("attendance/<int:pk>/made-up/", views.attendance_made_up, name="attendance_made_up"),
    path("library/<int:org_pk>/", library_views.library, name="library"),
    path("library/<int:org_pk>/new/", library_views.material_create, name="material_create"),
    path("library/<int:org_pk>/import/", library_views.materials_import, name="materials_import"),
    path("materials/<int:pk>/edit/", library_views.material_edit, name="material_edit"),
    path("materials/<int:pk>/archive/", library_views.material_archive, name="material_archive"),
]
